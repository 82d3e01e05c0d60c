import { defineEnvironment, deployApp } from "../config/define";
import orders from "./apps/orders";
import payments from "./apps/payments";
import notifications from "./apps/notifications";

/**
 * The local environment: targets the moto emulator on 127.0.0.1 (endpoint from AWS_ENDPOINT_URL),
 * three accounts through moto's STS AssumeRole, state on the local disk.
 * The network and ALB ids below are placeholders: `npm run local -- up` and the acceptance tier
 * create those resources in the emulator first and substitute their real ids.
 */
export default defineEnvironment({
  name: "local",
  tier: "dev",
  region: "us-east-1",
  orgPrefix: "acme",
  emulator: true,
  accounts: { sharedServices: "100000000001", deployRoleName: "aoa-deployer" },
  state: { backend: "local" },
  domain: {
    name: "api.local.acme-example.com",
    hostedZone: { mode: "create", name: "local.acme-example.com" },
  },
  edge: {
    throttling: { rateLimit: 100, burstLimit: 200 },
    logRetentionDays: 7,
    authorizer: { issuer: "https://login.local.acme-example.com/", audience: "local-api", jwksUrl: "https://login.local.acme-example.com/jwks.json" },
  },
  network: {
    vpcId: "vpc-00000000000000001",
    subnets: [
      { id: "subnet-00000000000000011", az: "us-east-1a" },
      { id: "subnet-00000000000000012", az: "us-east-1b" },
    ],
  },
  suppressions: [
    { rule: "AOA-R53-001", resource: "local-platform/aws_route53_zone.*", reason: "the emulator environment is created and torn down by `npm run local -- up|down`" },
  ],
  apps: [
    deployApp(orders, {
      basePath: "orders",
      account: "200000000002",
      version: "1.4.0",
      ingressPort: 10001,
      backend: {
        albArn: "arn:aws:elasticloadbalancing:us-east-1:200000000002:loadbalancer/app/orders-internal/0000000000000001",
        listenerPort: 443,
        pathPrefix: "/orders",
        hostname: "orders.internal.local.acme-example.com",
        vpcId: "vpc-00000000000000002",
        subnets: [
          { id: "subnet-00000000000000021", az: "us-east-1a" },
          { id: "subnet-00000000000000022", az: "us-east-1b" },
        ],
      },
      cors: { allowOrigins: ["http://localhost:3000"] },
    }),
    deployApp(payments, {
      basePath: "payments/v1",
      account: "300000000003",
      version: "2.0.1",
      ingressPort: 10002,
      backend: {
        albArn: "arn:aws:elasticloadbalancing:us-east-1:300000000003:loadbalancer/app/payments-internal/0000000000000002",
        listenerPort: 443,
        pathPrefix: "/payments",
        hostname: "payments.internal.local.acme-example.com",
        vpcId: "vpc-00000000000000003",
        subnets: [
          { id: "subnet-00000000000000031", az: "us-east-1a" },
          { id: "subnet-00000000000000032", az: "us-east-1b" },
        ],
      },
    }),
    deployApp(notifications, {
      basePath: "notifications",
      account: "400000000004",
      version: "0.3.0",
      // A Lambda alias in the app's own account: no ALB, no platform NLB port.
      backend: { kind: "lambda", functionArn: "arn:aws:lambda:us-east-1:400000000004:function:notifications-api:live", timeoutMs: 6000 },
    }),
  ],
});
