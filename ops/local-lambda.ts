/**
 * The stand-in for a Lambda-backed app in the emulator: the function its config names, with a
 * published version and the configured alias, in the app's workload account (as the ALB
 * stand-ins are created for ALB apps). moto creates functions from a zip without Docker; only
 * invoking one would need Docker, and nothing here invokes.
 */
import { CreateRoleCommand, GetRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { CreateAliasCommand, CreateFunctionCommand, LambdaClient, PublishVersionCommand } from "@aws-sdk/client-lambda";
import { createZip } from "../authorizer/build";
import { FUNCTION_ARN } from "../config/backend-rules";
import type { AccountSdkConfig } from "./account-sdk";

/** A handler that answers every proxy event with 200 and the route it was called for. */
const HANDLER = `exports.handler = async (event) => ({ statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ standIn: true, resource: event.resource, method: event.httpMethod }) });\n`;

/** Creates the function + version + alias named by `functionArn` (alias-qualified) and returns the alias ARN. */
export async function createStandInFunction(cfg: AccountSdkConfig, functionArn: string): Promise<string> {
  const m = FUNCTION_ARN.exec(functionArn);
  if (!m || !m[5]) throw new Error(`local fixtures: not an alias-qualified function ARN: ${JSON.stringify(functionArn)}`);
  const [, , , account, name, alias] = m;
  const iam = new IAMClient(cfg);
  const roleName = `${name}-stand-in`.slice(0, 64);
  let roleArn: string;
  try {
    roleArn = (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role!.Arn!;
  } catch {
    const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": account } } }] };
    roleArn = (await iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: JSON.stringify(trust), Description: "local stand-in function role (emulator only)" }))).Role!.Arn!;
  }
  const lambda = new LambdaClient(cfg);
  const zip = createZip([{ name: "index.js", data: Buffer.from(HANDLER) }]);
  await lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: "nodejs22.x", Handler: "index.handler", Role: roleArn, Code: { ZipFile: zip }, Description: "local stand-in (emulator only)" }));
  const version = await lambda.send(new PublishVersionCommand({ FunctionName: name }));
  const created = await lambda.send(new CreateAliasCommand({ FunctionName: name, Name: alias, FunctionVersion: version.Version! }));
  return created.AliasArn!;
}
