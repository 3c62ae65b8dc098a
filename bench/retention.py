"""./bench/run retention --photos N: the retention deletes a season's photos.

A closed job of N photos (each with its original, thumbnail, proof and grid proof: four files in
the filestore) and N/2 subjects, closed 91 days ago; the scheduled action runs its steps (each a
transaction of its own in production: here the caches are emptied between steps) until the job's
photos are deleted, then Odoo's garbage collection removes the files. Measures the steps and the
collection; memory must stay bounded (the files are never read)."""

import base64
import io
import os
import time
from datetime import timedelta

from PIL import Image

from odoo import fields

CHUNK = 500  # photos created per batch while building the season


def tiny_jpeg():
    """A small JPEG no other photo has (the filestore stores equal files once)."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (16, 12), os.urandom(16 * 12 * 3)).save(buffer, "JPEG")
    return base64.b64encode(buffer.getvalue())


def build_season(env, photos):
    job = env["studio.job"].create({"name": f"Bench retention ({photos} photos)"})
    subjects = env["studio.subject"].create(
        [
            {"job_id": job.id, "name": f"Subject {i}", "group_name": f"Class {i % 40}"}
            for i in range(max(1, photos // 2))
        ]
    )
    galleries = env["studio.gallery"].create(
        [
            {"job_id": job.id, "kind": "individual", "access_code": code}
            for code in subjects.mapped("access_code")
        ]
    )
    gallery_ids = galleries.ids
    env.flush_all()
    env.invalidate_all()
    for start in range(0, photos, CHUNK):
        env["studio.photo"].create(
            [
                {
                    "gallery_id": gallery_ids[number % len(gallery_ids)],
                    "name": f"DSC_{number:05}.JPG",
                    "image": tiny_jpeg(),
                    "image_256": tiny_jpeg(),
                    "proof": tiny_jpeg(),
                    "proof_small": tiny_jpeg(),
                }
                for number in range(start, min(start + CHUNK, photos))
            ]
        )
        env.flush_all()
        env.invalidate_all()
    job.action_start_selling()
    job.action_close()
    job.phase_date = fields.Datetime.now() - timedelta(days=91)
    env.flush_all()
    return job


def run(env, args):
    job = build_season(env, args.photos)
    Attachment = env["ir.attachment"]
    paths = [
        Attachment._full_path(fname)
        for (fname,) in env.execute_query(
            Attachment._search(
                [
                    ("res_model", "=", "studio.photo"),
                    ("res_field", "!=", False),
                    ("res_id", "in", env["studio.photo"]._search([("job_id", "=", job.id)])),
                ]
            ).select("store_fname")
        )
    ]
    assert len(paths) == 4 * args.photos, len(paths)
    env.invalidate_all()
    steps, queries, start = 0, env.cr.sql_log_count, time.perf_counter()
    while not job.photos_deleted_date:
        env["studio.job"]._cron_apply_retention()
        env.flush_all()
        env.invalidate_all()  # as the scheduled action, which runs each step in a transaction
        steps += 1
    steps_seconds = time.perf_counter() - start
    Attachment._gc_file_store_unsafe()
    seconds = time.perf_counter() - start
    left = sum(os.path.exists(path) for path in paths)
    assert not left, f"{left} files left in the filestore"
    return {
        "bench": "retention",
        "photos": args.photos,
        "files_deleted": len(paths),
        "steps": steps,
        "seconds": round(seconds, 1),
        "steps_seconds": round(steps_seconds, 1),
        "gc_seconds": round(seconds - steps_seconds, 1),
        "queries": env.cr.sql_log_count - queries,
        "photos_left": env["studio.photo"].search_count([("job_id", "=", job.id)]),
    }
