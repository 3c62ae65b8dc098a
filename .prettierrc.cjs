/** OCA's prettier settings for Odoo 18.0 (oca-addons-repo-template), used for XML only (see
 * .pre-commit-config.yaml). The plugin is found through NODE_PATH, which bin/harness sets. */
/** @type {import('prettier').Config} */
const config = {
    plugins: [require.resolve("@prettier/plugin-xml")],
    bracketSpacing: false,
    printWidth: 100,
    proseWrap: "always",
    semi: true,
    trailingComma: "es5",
    // OCA's 18.0 value. "ignore" (OCA's before 18.0) re-flows text too: Odoo's translation terms keep
    // their inner line breaks and indentation, and 21 of the 28 multi-line terms of fr.po would no
    // longer match (7 with "preserve": re-export and translate them after bin/format)
    xmlWhitespaceSensitivity: "preserve",
};

module.exports = config;
