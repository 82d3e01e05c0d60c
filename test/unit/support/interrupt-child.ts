/** A command that runs one (fake) terraform through TerraformRunner, as plan/apply/drift do. */
import { run } from "../../../cli";
import { TerraformRunner } from "../../../ops/terraform";

run(async () => {
  const runner = new TerraformRunner({ dir: process.env.FAKE_TF_DIR!, bin: process.env.FAKE_TF_BIN!, name: "fake-stack", vars: { ...process.env, TF_PLUGIN_MIRROR: "" } });
  await runner.run(["apply"]);
  return 0;
});
