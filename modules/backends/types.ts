/**
 * The seam between an app and what its routes integrate with. One module per backend kind
 * (alb.ts, lambda.ts, mock.ts) knows everything about that kind: the OpenAPI integration object
 * of a route, the Terraform resources it adds to the app's stack in the workload and
 * shared-services accounts, the workload deploy role's permissions, its cost lines and its part
 * of the topology picture. Stacks, governance and the bootstrap iterate over `backendsOf(app)`;
 * they never ask which kind a backend is (aws-cdk-lib's `Integration.bind` is the model).
 */
import type { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import type { App, BackendKind, Environment, Route } from "../../config/schema";
import type { ContractKey, PlatformContractReader } from "../platform-contract";
import type { AppApi } from "../app-api";
import type { PriceKey } from "../../pricing/prices";
import type { Statement } from "../iam";

/** What the integration of a route may reference (platform contract values). */
export interface IntegrationRefs {
  /** VPC link id of the platform (only backends whose `contractKeys` list `vpc-link-id` get one). */
  readonly vpcLinkId?: string;
}

/** A route's `x-amazon-apigateway-integration` and, when the backend defines them, its method responses. */
export interface RouteIntegration {
  readonly integration: Record<string, unknown>;
  /** OpenAPI `responses` of the operation. @default one `default` response proxied from the backend */
  readonly responses?: Record<string, unknown>;
  /** Extra `x-aoa-*` fields of the operation (e.g. `x-aoa-mock`). @default none */
  readonly extensions?: Record<string, unknown>;
}

/** What a backend needs to add its resources to an app's stack (called after the REST API exists). */
export interface BackendStackContext {
  /** The app stack: resources are added with stable ids directly under it. */
  readonly scope: Construct;
  readonly environment: Environment;
  readonly app: App;
  /** `<org>-<env>-<app>` */
  readonly prefix: string;
  readonly shared: TerraformProvider;
  readonly workload: TerraformProvider;
  readonly platform: PlatformContractReader;
  readonly api: AppApi;
}

/** One fixed monthly cost line an app's backend adds (priced by governance/cost.ts). */
export interface BackendCostItem {
  readonly component: string;
  readonly quantity: number;
  readonly unit: string;
  readonly price: PriceKey;
  readonly note: string;
}

/** Mermaid helpers handed to a backend by governance/topology.ts. */
export interface TopologyHelpers {
  /** Mermaid-safe node id from parts. */
  readonly id: (...parts: string[]) => string;
  /** A quoted label, one line per argument. */
  readonly label: (...lines: string[]) => string;
  /** `<org>-<env>` */
  readonly prefix: string;
  /** Availability Zones of the platform subnets. */
  readonly azs: number;
}

/** A backend's part of the topology picture (Mermaid lines, already indented by the caller). */
export interface TopologyPart {
  /** Nodes inside the shared-services subgraph. */
  readonly sharedNodes: readonly string[];
  /** Nodes inside the app's workload-account subgraph. */
  readonly workloadNodes: readonly string[];
  /** Edges leaving the app's REST API node (`api` is its id). */
  readonly apiEdges: readonly string[];
  /** Further edges of the path (after the platform's own edges). */
  readonly pathEdges: readonly string[];
}

export interface AppBackend {
  readonly kind: BackendKind;
  /** One line for route maps and docs, e.g. "internal ALB over PrivateLink". */
  describe(app: App): string;
  /** Platform contract keys the integration or the resources read (beyond the ones every app stack reads). */
  readonly contractKeys: readonly ContractKey[];
  /** The `x-amazon-apigateway-integration` (and method responses) of one route. Pure. */
  integration(app: App, route: Route, refs: IntegrationRefs): RouteIntegration;
  /** Adds this backend's resources (either account) to the app's stack. */
  addResources(ctx: BackendStackContext): void;
  /** Statements the workload account's deploy role needs for these apps of that account (all of this kind). `{}` when none. */
  workloadDeployPolicies(env: Environment, account: string, apps: readonly App[]): Record<string, Statement[]>;
  /** Fixed monthly cost lines of one app. */
  costItems(env: Environment, app: App, ctx: { readonly hours: number; readonly azs: number }): BackendCostItem[];
  /** The app's part of the topology. */
  topology(env: Environment, app: App, h: TopologyHelpers, apiId: string): TopologyPart;
}
