// Allure 3 configuration for the optional `tox -e allure` job: one self-contained HTML file,
// grouped by run (target / client / definitions), feature and requirement.
import { defineConfig } from "allure";

export default defineConfig({
  name: "Amplify Auth password conformance",
  plugins: {
    awesome: {
      options: {
        singleFile: true,
        reportLanguage: "en",
        groupBy: ["parentSuite", "feature", "requirement"],
      },
    },
  },
});
