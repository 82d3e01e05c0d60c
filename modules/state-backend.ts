import * as path from "node:path";
import { LocalBackend, S3Backend, TerraformStack } from "cdktf";
import type { Environment } from "../config/schema";
import { roleArn } from "../config/naming";
import { partitionOf } from "./deploy-permissions";

/**
 * The Terraform every stack needs: `use_lockfile` (S3 native locking) is Terraform >= 1.10, `moved`
 * blocks >= 1.5. Terraform checks it at init/plan with a clear message; synth does not run terraform.
 */
export const REQUIRED_TERRAFORM = ">= 1.10";

export interface StateBackendOptions {
  /** Directory that relative local-backend paths are resolved against. @default process.cwd() */
  readonly projectRoot?: string;
}

/**
 * Configures one stack's state: S3 with a per-stack key, native lock file (`use_lockfile`,
 * Terraform >= 1.10) and the backend's own `assume_role` into the shared-services deploy role;
 * or, for local environments, a file per stack.
 */
export function configureStateBackend(stack: TerraformStack, env: Environment, stackName: string, opts: StateBackendOptions = {}): void {
  const state = env.state;
  stack.addOverride("terraform.required_version", REQUIRED_TERRAFORM);
  if (state.backend === "s3") {
    new S3Backend(stack, {
      bucket: state.bucket,
      key: `${state.keyPrefix}/${env.name}/${stackName}.tfstate`,
      region: state.region,
      encrypt: true,
      assumeRole: { roleArn: roleArn(env.accounts.sharedServices, env.accounts.deployRoleName, partitionOf(env.region)), sessionName: `aoa-${env.name}-state` },
    });
    // cdktf 0.21's S3Backend has no useLockfile prop yet.
    stack.addOverride("terraform.backend.s3.use_lockfile", true);
    return;
  }
  const root = opts.projectRoot ?? process.cwd();
  const dir = path.resolve(root, state.directory ?? path.join(".state", env.name));
  new LocalBackend(stack, { path: path.join(dir, `${stackName}.tfstate`) });
}
