/**
 * The bootstrap stack: state bucket protections, deploy roles trusted only by the pipeline (sub
 * pinned), admin-role providers, its own state (local first run / S3), the refusals, and the
 * policy pack over the synthesized stack (compliant, and each broken side caught).
 */
import * as path from "node:path";
import * as os from "node:os";
import { App, Testing } from "cdktf";
import { BootstrapStack, bootstrapOptionsFromEnv, resolvePipelineTrust, type BootstrapStackProps } from "../../stacks/bootstrap-stack";
import { addEnvironment } from "../../stacks";
import { runPolicyPack, formatFindings } from "../../policy";
import { validateEnvironment } from "../../config/load";
import type { Environment } from "../../config/schema";
import { localFixture } from "../fixtures/env";
import { devEnv, fakeBundle } from "./helpers";

const localInput = localFixture();

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

function bootstrapJson(env: Environment = devEnv(), props: Partial<BootstrapStackProps> = {}): Json {
  const app = Testing.app();
  return JSON.parse(Testing.synth(new BootstrapStack(app, { environment: env, projectRoot: "/project", ...props })));
}
const all = (json: Json, type: string): Json[] => Object.values(json.resource?.[type] ?? {});
/** The deploy roles' resources only (the read-only planner roles are tested in planner-trust.test.ts). */
const deployers = (json: Json, type: string): Json[] => all(json, type).filter((r) => !/planner/.test(JSON.stringify(r)));
const one = (json: Json, type: string): Json => {
  const r = all(json, type);
  if (r.length !== 1) throw new Error(`expected one ${type}, found ${r.length}`);
  return r[0];
};
const providers = (json: Json): Json[] => ([] as Json[]).concat(json.provider.aws);
const doc = (s: string) => JSON.parse(s);
const localEnv = (): Environment => {
  const r = validateEnvironment(JSON.parse(JSON.stringify(localInput)));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.env;
};
const policyFindings = (json: Json, name = "dev-bootstrap", isProd = false) => runPolicyPack([{ name, json }], { environment: name.split("-")[0], isProd });

describe("BootstrapStack (dev: S3 state, GitHub OIDC)", () => {
  const json = bootstrapJson();

  it("has one provider per account, each through the admin role (never the deploy role), pinned and tagged", () => {
    expect(providers(json).map((p) => [p.alias, p.allowed_account_ids])).toEqual([
      ["shared", ["111111111111"]],
      ["workload_222222222222", ["222222222222"]],
      ["workload_333333333333", ["333333333333"]],
    ]);
    for (const p of providers(json)) {
      expect(p.assume_role[0].role_arn).toBe(`arn:aws:iam::${p.allowed_account_ids[0]}:role/OrganizationAccountAccessRole`);
      expect(p.default_tags[0].tags).toMatchObject({ Environment: "dev", ManagedBy: "cdktf-apigw-app-of-apps", App: "bootstrap" });
    }
  });

  it("keeps its own state in the bucket it creates (after migration), reached through the admin role, with a lock file", () => {
    expect(json.terraform.backend.s3).toMatchObject({
      bucket: "acme-aoa-tfstate-dev",
      key: "apigw-app-of-apps/dev/dev-bootstrap.tfstate",
      use_lockfile: true,
      encrypt: true,
      assume_role: { role_arn: "arn:aws:iam::111111111111:role/OrganizationAccountAccessRole" },
    });
    expect(json.terraform.backend.s3.dynamodb_table).toBeUndefined();
  });

  describe("state bucket", () => {
    const bucket = one(json, "aws_s3_bucket");
    const ref = (type: string) => one(json, type).bucket;
    it("is named from the config, in the shared-services account, and protected from destroy", () => {
      expect(bucket).toMatchObject({ bucket: "acme-aoa-tfstate-dev", provider: "aws.shared", force_destroy: false, lifecycle: { prevent_destroy: true } });
    });
    it("is versioned, SSE-encrypted (AES256, what the backend's encrypt=true writes), owner-enforced, fully private", () => {
      expect(one(json, "aws_s3_bucket_versioning").versioning_configuration.status).toBe("Enabled");
      expect(one(json, "aws_s3_bucket_server_side_encryption_configuration").rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "AES256" });
      expect(one(json, "aws_s3_bucket_ownership_controls").rule.object_ownership).toBe("BucketOwnerEnforced");
      expect(one(json, "aws_s3_bucket_public_access_block")).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
      for (const t of ["aws_s3_bucket_versioning", "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_ownership_controls", "aws_s3_bucket_public_access_block", "aws_s3_bucket_policy", "aws_s3_bucket_lifecycle_configuration"]) {
        expect([t, ref(t)]).toEqual([t, expect.stringMatching(/^\$\{aws_s3_bucket\.state_bucket_[0-9A-F]+\.id\}$/)]);
      }
    });
    it("denies non-TLS requests and principals outside the shared-services account", () => {
      const statements = doc(one(json, "aws_s3_bucket_policy").policy).Statement;
      expect(statements).toEqual([
        expect.objectContaining({ Effect: "Deny", Principal: "*", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        expect.objectContaining({ Effect: "Deny", Principal: "*", Action: "s3:*", Condition: { StringNotEquals: { "aws:PrincipalAccount": ["111111111111"] } } }),
      ]);
      for (const s of statements) expect(s.Resource).toEqual([expect.stringMatching(/\.arn\}$/), expect.stringMatching(/\.arn\}\/\*$/)]);
    });
    it("expires state versions 90 days after they were replaced (current versions never), and cleans incomplete uploads", () => {
      const rule = one(json, "aws_s3_bucket_lifecycle_configuration").rule[0];
      expect(rule).toMatchObject({ status: "Enabled", noncurrent_version_expiration: [{ noncurrent_days: 90 }], abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }] });
    });
  });

  describe("deploy roles", () => {
    const roles = deployers(json, "aws_iam_role");
    it("exist in every account under accounts.deployRoleName", () => {
      expect(roles.map((r) => [r.provider, r.name])).toEqual([
        ["aws.shared", "aoa-deployer"],
        ["aws.workload_222222222222", "aoa-deployer"],
        ["aws.workload_333333333333", "aoa-deployer"],
      ]);
    });
    it("one GitHub OIDC provider per account, https issuer, sts.amazonaws.com audience", () => {
      const oidc = all(json, "aws_iam_openid_connect_provider");
      expect(oidc.map((o) => o.provider)).toEqual(["aws.shared", "aws.workload_222222222222", "aws.workload_333333333333"]);
      for (const o of oidc) expect(o).toMatchObject({ url: "https://token.actions.githubusercontent.com", client_id_list: ["sts.amazonaws.com"] });
    });
    it("trust only the pipeline: web identity with aud and sub pinned to the repository AND the environment, plus the shared deploy role (chaining)", () => {
      for (const r of roles) {
        const [gh, chain, ...rest] = doc(r.assume_role_policy).Statement;
        expect(rest).toEqual([]);
        expect(gh).toEqual({
          Sid: "GitHubActionsDeployEnvironment",
          Effect: "Allow",
          Action: "sts:AssumeRoleWithWebIdentity",
          Principal: { Federated: expect.stringMatching(/^\$\{aws_iam_openid_connect_provider\..+\.arn\}$/) },
          Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:acme/api-front-door:environment:dev" } },
        });
        // the federated principal is the OIDC provider of the role's own account
        const oidcId = /aws_iam_openid_connect_provider\.([^.]+)\.arn/.exec(gh.Principal.Federated)![1];
        expect(json.resource.aws_iam_openid_connect_provider[oidcId].provider).toBe(r.provider);
        expect(chain).toEqual({
          Sid: "ChainFromSharedServicesDeployRole",
          Effect: "Allow",
          Action: "sts:AssumeRole",
          Principal: { AWS: "arn:aws:iam::111111111111:root" },
          Condition: { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/aoa-deployer" } },
        });
      }
    });
    it("githubEnvironment overrides the environment pinned in sub", () => {
      const j = bootstrapJson(devEnv((e) => (e.accounts.pipeline.githubEnvironment = "dev-deploy")));
      for (const r of deployers(j, "aws_iam_role")) expect(doc(r.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"]).toBe("repo:acme/api-front-door:environment:dev-deploy");
    });
    it("can reuse existing OIDC providers instead of creating them", () => {
      const j = bootstrapJson(devEnv(), { oidcProvider: "existing" });
      expect(all(j, "aws_iam_openid_connect_provider")).toEqual([]);
      expect(Object.values(j.data.aws_iam_openid_connect_provider).map((d: Json) => d.url)).toEqual(Array(3).fill("https://token.actions.githubusercontent.com"));
      expect(policyFindings(j).findings.filter((f) => f.severity === "error")).toEqual([]);
    });
    it("a pipeline principal role ARN replaces OIDC: account root + aws:PrincipalArn", () => {
      const j = bootstrapJson(devEnv(), { pipelinePrincipalArn: "arn:aws:iam::123456789012:role/ci-runner" });
      expect(all(j, "aws_iam_openid_connect_provider")).toEqual([]);
      const [first] = doc(all(j, "aws_iam_role")[1].assume_role_policy).Statement;
      expect(first).toEqual({ Sid: "PipelinePrincipal", Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Condition: { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/ci-runner" } } });
      expect(() => bootstrapJson(devEnv(), { pipelinePrincipalArn: "arn:aws:iam::123456789012:role/*" })).toThrow(/one IAM role ARN without wildcards/);
      expect(() => bootstrapJson(devEnv(), { pipelinePrincipalArn: "arn:aws:iam::123456789012:root" })).toThrow(/one IAM role ARN/);
    });
    it("attach only their own managed policies: never AdministratorAccess/IAMFullAccess, never named with the env prefix they may manage", () => {
      const attachments = deployers(json, "aws_iam_role_policy_attachment");
      expect(attachments).toHaveLength(6);
      for (const a of attachments) expect(a.policy_arn).toMatch(/^\$\{aws_iam_policy\.[^.]+\.arn\}$/);
      expect(deployers(json, "aws_iam_policy").map((p) => p.name).sort()).toEqual(["aoa-deployer-edge", "aoa-deployer-exposure", "aoa-deployer-exposure", "aoa-deployer-network", "aoa-deployer-pipeline", "aoa-deployer-runtime"]);
      expect(JSON.stringify(json)).not.toMatch(/AdministratorAccess|IAMFullAccess|PowerUserAccess/);
    });
  });

  it("passes the policy pack with zero findings (dev and prod rules)", () => {
    for (const isProd of [false, true]) {
      const result = policyFindings(json, "dev-bootstrap", isProd);
      if (result.findings.length) throw new Error(formatFindings(result));
    }
  });

  it("outputs the bucket and the deploy role ARN of every account", () => {
    expect(Object.keys(json.output)).toEqual(expect.arrayContaining(["state_bucket", "deploy_role_arns"]));
    expect(Object.keys(json.output.deploy_role_arns.value)).toEqual(["111111111111", "222222222222", "333333333333"]);
  });
});

describe("BootstrapStack: first run and state", () => {
  it("first run (stateBackend local): local state under .state/<env>/, bucket still created", () => {
    const json = bootstrapJson(devEnv(), { stateBackend: "local" });
    expect(json.terraform.backend).toEqual({ local: { path: path.join("/project", ".state", "dev", "dev-bootstrap.tfstate") } });
    expect(one(json, "aws_s3_bucket").bucket).toBe("acme-aoa-tfstate-dev");
  });
  it("a different admin role (Control Tower, break-glass) for every provider and the backend", () => {
    const json = bootstrapJson(devEnv(), { adminRoleName: "AWSControlTowerExecution" });
    for (const p of providers(json)) expect(p.assume_role[0].role_arn).toMatch(/:role\/AWSControlTowerExecution$/);
    expect(json.terraform.backend.s3.assume_role.role_arn).toBe("arn:aws:iam::111111111111:role/AWSControlTowerExecution");
  });
  it("reads AOA_BOOTSTRAP_ROLE / AOA_BOOTSTRAP_STATE and rejects bad values", () => {
    expect(bootstrapOptionsFromEnv({})).toEqual({});
    expect(bootstrapOptionsFromEnv({ AOA_BOOTSTRAP_ROLE: "BreakGlass", AOA_BOOTSTRAP_STATE: "local" })).toEqual({ adminRoleName: "BreakGlass", stateBackend: "local" });
    expect(() => bootstrapOptionsFromEnv({ AOA_BOOTSTRAP_STATE: "dynamodb" })).toThrow(/AOA_BOOTSTRAP_STATE must be "local" \(first run\) or "s3"/);
  });
  it("state bucket in another Region gets its own provider for the shared-services account", () => {
    const json = bootstrapJson(devEnv((e) => (e.state.region = "eu-central-1")));
    const state = providers(json).find((p) => p.alias === "state_region");
    expect(state).toMatchObject({ region: "eu-central-1", allowed_account_ids: ["111111111111"] });
    expect(one(json, "aws_s3_bucket").provider).toBe("aws.state_region");
  });
});

describe("BootstrapStack: refusals", () => {
  it("refuses without accounts.pipeline, naming the field", () => {
    const env = devEnv((e) => delete e.accounts.pipeline);
    expect(() => bootstrapJson(env)).toThrow(/dev-bootstrap: accounts\.pipeline is not set/);
    expect(() => resolvePipelineTrust(env)).toThrow(/accounts\.pipeline\.githubRepository/);
  });
  it("refuses to run as the deploy role it manages", () => {
    expect(() => bootstrapJson(devEnv(), { adminRoleName: "aoa-deployer" })).toThrow(/cannot run as the deploy role 'aoa-deployer'/);
  });
  it("refuses a deploy role name inside the prefix the deploy role may manage (self-escalation)", () => {
    expect(() => bootstrapJson(devEnv((e) => (e.accounts.deployRoleName = "acme-dev-deployer")))).toThrow(/starts with 'acme-dev-'.*rewrite its own permissions/);
  });
  it("refuses a malformed admin role name", () => {
    expect(() => bootstrapJson(devEnv(), { adminRoleName: "no/slashes" })).toThrow(/adminRoleName must be an IAM role name/);
  });
});

describe("BootstrapStack (local emulator environment)", () => {
  const env = localEnv();
  const json = bootstrapJson(env);
  it("has no pipeline: the deploy roles trust only the shared-services deploy role, no OIDC provider", () => {
    expect(env.accounts.pipeline).toBeUndefined();
    expect(all(json, "aws_iam_openid_connect_provider")).toEqual([]);
    for (const r of deployers(json, "aws_iam_role")) {
      expect(doc(r.assume_role_policy).Statement).toEqual([
        expect.objectContaining({ Sid: "ChainFromSharedServicesDeployRole", Principal: { AWS: "arn:aws:iam::100000000001:root" }, Condition: { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::100000000001:role/aoa-deployer" } } }),
      ]);
    }
  });
  it("local state, no bucket, emulator provider flags, and zero policy findings", () => {
    expect(json.terraform.backend.local.path).toBe(path.join("/project", ".state", "local", "local-bootstrap.tfstate"));
    expect(all(json, "aws_s3_bucket")).toEqual([]);
    for (const p of providers(json)) expect(p).toMatchObject({ skip_credentials_validation: true, s3_use_path_style: true });
    const result = policyFindings(json, "local-bootstrap");
    if (result.findings.length) throw new Error(formatFindings(result));
  });
  it("an emulator environment with S3 state points the backend at the emulator's path-style S3", () => {
    const j = bootstrapJson(validateOk({ ...JSON.parse(JSON.stringify(localInput)), state: { backend: "s3", bucket: "local-tfstate", region: "us-east-1" } }));
    expect(j.terraform.backend.s3).toMatchObject({ bucket: "local-tfstate", use_path_style: true, skip_credentials_validation: true, skip_requesting_account_id: true });
  });
});

function validateOk(raw: unknown): Environment {
  const r = validateEnvironment(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.env;
}

describe("the policy pack catches a broken bootstrap", () => {
  const errorsOf = (mutate: (j: Json) => void) => {
    const j = bootstrapJson();
    mutate(j);
    return policyFindings(j).findings.filter((f) => f.severity === "error").map((f) => f.ruleId);
  };
  const role = (j: Json) => Object.values<Json>(j.resource.aws_iam_role)[0];
  const setTrust = (j: Json, edit: (statements: Json[]) => void) => {
    const r = role(j);
    const d = doc(r.assume_role_policy);
    edit(d.Statement);
    r.assume_role_policy = JSON.stringify(d);
  };
  it("sub not pinned (repo-wide) or missing", () => {
    expect(errorsOf((j) => setTrust(j, (s) => (s[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"] = "repo:acme/api-front-door:*")))).toEqual(["AOA-IAM-007"]);
    expect(errorsOf((j) => setTrust(j, (s) => delete s[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"]))).toEqual(["AOA-IAM-007"]);
  });
  it("whole-account trust without a condition", () => {
    expect(errorsOf((j) => setTrust(j, (s) => delete s[1].Condition))).toEqual(["AOA-IAM-002"]);
  });
  it("admin: AdministratorAccess attached, or Action *", () => {
    expect(errorsOf((j) => (Object.values<Json>(j.resource.aws_iam_role_policy_attachment)[0].policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"))).toEqual(["AOA-IAM-006"]);
    expect(
      errorsOf((j) => {
        const p = Object.values<Json>(j.resource.aws_iam_policy)[0];
        p.policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
      }),
    ).toEqual(expect.arrayContaining(["AOA-IAM-003"]));
  });
  it("a wildcard resource without a WildcardReason Sid", () => {
    expect(
      errorsOf((j) => {
        const p = Object.values<Json>(j.resource.aws_iam_policy)[0];
        const d = doc(p.policy);
        d.Statement[0].Sid = "NoReason";
        p.policy = JSON.stringify(d);
      }),
    ).toEqual(["AOA-IAM-005"]);
  });
  it("bucket protections removed one by one", () => {
    const bucket = (j: Json) => Object.values<Json>(j.resource.aws_s3_bucket)[0];
    expect(errorsOf((j) => (bucket(j).lifecycle.prevent_destroy = false))).toEqual(["AOA-S3-005"]);
    expect(errorsOf((j) => (Object.values<Json>(j.resource.aws_s3_bucket_public_access_block)[0].restrict_public_buckets = false))).toEqual(["AOA-S3-003"]);
    expect(errorsOf((j) => (Object.values<Json>(j.resource.aws_s3_bucket_versioning)[0].versioning_configuration.status = "Suspended"))).toEqual(["AOA-S3-001"]);
    expect(errorsOf((j) => delete j.resource.aws_s3_bucket_server_side_encryption_configuration)).toEqual(["AOA-S3-002"]);
    expect(
      errorsOf((j) => {
        const p = Object.values<Json>(j.resource.aws_s3_bucket_policy)[0];
        const d = doc(p.policy);
        d.Statement = d.Statement.slice(1);
        p.policy = JSON.stringify(d);
      }),
    ).toEqual(["AOA-S3-004"]);
  });
});

describe("addEnvironment", () => {
  const env = devEnv();
  it("adds the bootstrap first; platform and apps depend on it", () => {
    const infos = addEnvironment(new App({ outdir: path.join(os.tmpdir(), "aoa-unused") }), env, { authorizerBundle: fakeBundle(), bootstrap: {} });
    expect(infos.map((i) => [i.name, i.role, i.dependsOn])).toEqual([
      ["dev-bootstrap", "bootstrap", []],
      ["dev-platform", "platform", ["dev-bootstrap"]],
      ["dev-app-orders", "app", ["dev-bootstrap", "dev-platform"]],
      ["dev-app-payments", "app", ["dev-bootstrap", "dev-platform"]],
    ]);
    expect(infos[0].accounts).toEqual(["111111111111", "222222222222", "333333333333"]);
  });
  it("`only` selects the bootstrap alone (nothing else is constructed)", () => {
    const app = Testing.app();
    const infos = addEnvironment(app, env, { authorizerBundle: fakeBundle(), only: ["dev-bootstrap"], bootstrap: { stateBackend: "local" } });
    expect(infos.map((i) => i.name)).toEqual(["dev-bootstrap"]);
    expect(app.node.children.map((c) => c.node.id)).toEqual(["dev-bootstrap"]);
  });
  it("a bootstrap error (no pipeline) fails the environment, naming the field", () => {
    expect(() => addEnvironment(Testing.app(), devEnv((e) => delete e.accounts.pipeline), { authorizerBundle: fakeBundle(), bootstrap: {} })).toThrow(/accounts\.pipeline/);
  });
});
