const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { Testing } = require("cdktf");

Testing.setupJest();

// cdktf's Testing.app() makes a new os.tmpdir()/cdktf.outdir.XXXXXX for every app and never removes
// it (thousands per day of test runs on a CI machine). Here every Testing.app() of a test file
// shares one outdir (Testing.synth renders in memory; nothing is written there), removed after
// the file.
let outdir;
const app = Testing.app.bind(Testing);
Testing.app = (options = {}) => app({ ...options, outdir: options.outdir ?? (outdir ??= fs.mkdtempSync(path.join(os.tmpdir(), "aoa-testing-app-"))) });
afterAll(() => {
  if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
  outdir = undefined;
});
