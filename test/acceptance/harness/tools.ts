/**
 * Tool discovery for the acceptance tier (terraform + moto + offline provider mirror).
 *
 * Env vars:
 *   TF_PLUGIN_MIRROR        root of a filesystem mirror (the dir containing registry.terraform.io/)
 *                           holding hashicorp/aws 5.100.0. Required; never guessed.
 *   MOTO_PYTHON             python interpreter that has moto[server] (default: python3 on PATH).
 *   CI=true | AOA_REQUIRE_ACCEPTANCE=1
 *                           a missing tool FAILS the suite instead of skipping it.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const AWS_PROVIDER_VERSION = "5.100.0";

export interface Tools {
  terraform?: string;
  motoServer?: string;
  /** python interpreter that can `import moto` (used to launch the patched server). */
  python?: string;
  /** filesystem mirror root (contains registry.terraform.io/). */
  mirror?: string;
  /** one actionable message per missing tool; empty when everything is present. */
  missing: string[];
}

/** Absolute path of an executable found on PATH (or the path itself if it is one). */
export function which(cmd: string): string | undefined {
  const candidates = cmd.includes(path.sep)
    ? [cmd]
    : (process.env.PATH ?? "").split(path.delimiter).filter(Boolean).map((d) => path.join(d, cmd));
  for (const c of candidates) {
    try {
      fs.accessSync(c, fs.constants.X_OK);
      if (fs.statSync(c).isFile()) return c;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

let cached: Tools | undefined;

export function checkTools(): Tools {
  if (cached) return cached;
  const missing: string[] = [];

  const terraform = which("terraform");
  if (!terraform) {
    missing.push("terraform: not on PATH — install Terraform 1.11.x (https://developer.hashicorp.com/terraform/install)");
  }

  const motoServer = which("moto_server");
  if (!motoServer) missing.push('moto_server: not on PATH — run `pip install "moto[server]==5.2.1"`');

  let python = which(process.env.MOTO_PYTHON || "python3");
  if (!python) {
    missing.push("python: `python3` not on PATH (or set MOTO_PYTHON to the interpreter that has moto installed)");
  } else {
    const probe = spawnSync(python, ["-c", "import moto, werkzeug; print(moto.__version__)"], { encoding: "utf8" });
    if (probe.status !== 0) {
      missing.push(
        `python: ${python} cannot import moto — run \`${python} -m pip install "moto[server]==5.2.1"\` ` +
          "or set MOTO_PYTHON to the interpreter moto_server uses",
      );
      python = undefined;
    }
  }

  let mirror = process.env.TF_PLUGIN_MIRROR || undefined;
  const howToSet =
    "set TF_PLUGIN_MIRROR to the directory that contains registry.terraform.io/ " +
    "(find it: find / -name 'terraform-provider-aws_v5.100.0*' -not -path '/proc/*' 2>/dev/null, then strip " +
    "'/registry.terraform.io/hashicorp/aws/...'), or build one with `terraform providers mirror <dir>`";
  if (!mirror) {
    missing.push(`TF_PLUGIN_MIRROR: not set — ${howToSet}`);
  } else {
    // unpacked layout: .../hashicorp/aws/5.100.0/<os_arch>/; packed layout: .../hashicorp/aws/terraform-provider-aws_5.100.0_<os_arch>.zip
    const awsRoot = path.join(mirror, "registry.terraform.io", "hashicorp", "aws");
    const entries = fs.existsSync(awsRoot) ? fs.readdirSync(awsRoot) : [];
    const hasAws = entries.some(
      (f) => f === AWS_PROVIDER_VERSION || (f.startsWith(`terraform-provider-aws_${AWS_PROVIDER_VERSION}_`) && f.endsWith(".zip")),
    );
    if (!hasAws) {
      missing.push(`TF_PLUGIN_MIRROR=${mirror}: no hashicorp/aws ${AWS_PROVIDER_VERSION} under it — ${howToSet}`);
      mirror = undefined;
    }
  }

  cached = { terraform, motoServer, python, mirror, missing };
  return cached;
}

/** All tools, or throw one error that lists every missing tool and how to get it. */
export function requireTools(): Required<Omit<Tools, "missing">> {
  const t = checkTools();
  if (t.missing.length) throw new Error(`acceptance tools missing:\n  - ${t.missing.join("\n  - ")}`);
  return { terraform: t.terraform!, motoServer: t.motoServer!, python: t.python!, mirror: t.mirror! };
}

export function acceptanceRequired(): boolean {
  return process.env.CI === "true" || process.env.AOA_REQUIRE_ACCEPTANCE === "1";
}

/**
 * `describe` when every tool is present. Otherwise: in CI (CI=true) or with
 * AOA_REQUIRE_ACCEPTANCE=1 the suite FAILS; elsewhere it is skipped with a loud banner on stderr.
 */
export function describeIfTools(name: string, fn: () => void): void {
  const { missing } = checkTools();
  if (missing.length === 0) {
    describe(name, fn);
    return;
  }
  const list = missing.map((m) => `  - ${m}`).join("\n");
  if (acceptanceRequired()) {
    describe(name, () => {
      test("acceptance tools are installed (required: CI=true or AOA_REQUIRE_ACCEPTANCE=1)", () => {
        throw new Error(`ACCEPTANCE TIER CANNOT RUN: missing tools\n${list}`);
      });
    });
    return;
  }
  const bar = "!".repeat(78);
  process.stderr.write(
    `\n${bar}\n!!! ACCEPTANCE TIER SKIPPED: missing ${missing.length} tool(s) for "${name}"\n${list}\n` +
      `!!! (set AOA_REQUIRE_ACCEPTANCE=1 or CI=true to make this a failure)\n${bar}\n\n`,
  );
  describe.skip(name, fn);
}
