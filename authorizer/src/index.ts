/**
 * Lambda entry point (`index.handler`, nodejs22.x) for the shared JWT TOKEN authorizer.
 * Configuration comes from the environment on first invocation (see config.ts).
 */
import { loadConfig } from "./config";
import { createAuthorizer, type AuthorizerContext, type AuthorizerHandler, type AuthorizerResult } from "./handler";
import { stdoutSink } from "./log";
import type { AuthorizerEvent } from "./token";

let instance: AuthorizerHandler | undefined;

export async function handler(event: AuthorizerEvent, context?: AuthorizerContext): Promise<AuthorizerResult> {
  if (!instance) {
    try {
      instance = createAuthorizer(loadConfig(process.env));
    } catch (err) {
      // Misconfiguration: fail the invocation (API Gateway answers 500, never Allow) and say why.
      stdoutSink({
        level: "error",
        time: new Date().toISOString(),
        requestId: context?.awsRequestId,
        decision: "Error",
        reason: "config_error",
        message: err instanceof Error ? err.message : String(err),
      });
      throw err;
    }
  }
  return instance(event, context);
}

export { loadConfig, ConfigError, SUPPORTED_ALGS, type AuthorizerConfig } from "./config";
export { createAuthorizer, scopesOf, type AuthorizerDeps, type AuthorizerHandler, type AuthorizerResult } from "./handler";
export { RemoteJwks, type KeySource } from "./jwks";
export { buildPolicy, globsIntersect, parseMethodArn, routePatterns, type PolicyDocument } from "./policy";
export {
  parseRouteTable,
  ssmRouteLoader,
  staticRouteLoader,
  type RouteLoader,
  type RouteRule,
  type RouteTable,
} from "./routes";
export type { AuthorizerEvent } from "./token";
export type { LogRecord, LogSink } from "./log";
