import { defineEnvironment, deployApp } from "../config/define";
import orders from "./apps/orders";
import payments from "./apps/payments";
import notifications from "./apps/notifications";
import receipts from "./apps/receipts";
import ledger from "./apps/ledger";

export default defineEnvironment({
  name: "dev",
  tier: "dev",
  region: "eu-west-1",
  orgPrefix: "acme",
  tags: { CostCenter: "platform" },
  accounts: {
    sharedServices: "111111111111",
    deployRoleName: "aoa-deployer",
    pipeline: { githubRepository: "acme/api-front-door" },
  },
  state: { backend: "s3", bucket: "acme-aoa-tfstate-dev", region: "eu-west-1", keyPrefix: "apigw-app-of-apps" },
  domain: {
    name: "api.dev.acme-example.com",
    hostedZone: { mode: "create", name: "dev.acme-example.com" },
  },
  edge: {
    waf: { rateLimitPerIp: 2000 },
    throttling: { rateLimit: 200, burstLimit: 400 },
    logRetentionDays: 30,
    authorizer: {
      issuer: "https://login.dev.acme-example.com/",
      audience: "https://api.dev.acme-example.com",
    },
  },
  network: {
    vpcId: "vpc-0a1b2c3d4e5f60001",
    subnets: [
      { id: "subnet-0a1b2c3d4e5f60011", az: "eu-west-1a" },
      { id: "subnet-0a1b2c3d4e5f60012", az: "eu-west-1b" },
    ],
  },
  // Private apps are reached only through these execute-api interface endpoints (docs/private-apis.md),
  // on the private custom domain; the orders team's VPC endpoint is in its own account (RAM share).
  privateApis: {
    endpoints: [
      { name: "platform-vpc", id: "vpce-0a1b2c3d4e5f60101", account: "111111111111" },
      { name: "orders-vpc", id: "vpce-0b1b2c3d4e5f60202", account: "222222222222" },
    ],
    domain: { name: "api.internal.dev.acme-example.com" },
  },
  apps: [
    deployApp(orders, {
      basePath: "orders",
      account: "222222222222",
      version: "1.5.0",
      ingressPort: 10001,
      backend: {
        albArn: "arn:aws:elasticloadbalancing:eu-west-1:222222222222:loadbalancer/app/orders-internal/50dc6c495c0c9188",
        listenerPort: 443,
        pathPrefix: "/orders",
        hostname: "orders.internal.dev.acme-example.com",
        vpcId: "vpc-0b1b2c3d4e5f60002",
        subnets: [
          { id: "subnet-0b1b2c3d4e5f60021", az: "eu-west-1a" },
          { id: "subnet-0b1b2c3d4e5f60022", az: "eu-west-1b" },
        ],
      },
      cors: { allowOrigins: ["https://shop.dev.acme-example.com", "http://localhost:3000"] },
    }),
    deployApp(payments, {
      basePath: "payments/v1",
      account: "333333333333",
      version: "2.0.1",
      ingressPort: 10002,
      backend: {
        albArn: "arn:aws:elasticloadbalancing:eu-west-1:333333333333:loadbalancer/app/payments-internal/7a1c6c495c0c9100",
        listenerPort: 443,
        pathPrefix: "/payments",
        hostname: "payments.internal.dev.acme-example.com",
        vpcId: "vpc-0c1b2c3d4e5f60003",
        subnets: [
          { id: "subnet-0c1b2c3d4e5f60031", az: "eu-west-1a" },
          { id: "subnet-0c1b2c3d4e5f60032", az: "eu-west-1b" },
        ],
      },
      // partners call the payment routes with a key from their plan (the webhook route opts out)
      apiKeyRequired: true,
      usagePlans: [
        { name: "partner-basic", quota: { limit: 100000, period: "MONTH" }, throttling: { rateLimit: 20, burstLimit: 40 }, apiKeys: ["partner-a"] },
      ],
    }),
    deployApp(notifications, {
      basePath: "notifications",
      account: "101010101010",
      version: "0.3.0",
      // 10 % of the stage's requests try 0.4.0 (DELETE /{notificationId}): `npm run canary -- --env dev --app notifications status|promote|rollback`
      canary: { version: "0.4.0", percentTraffic: 10 },
      // A Lambda alias in the app's own account: no ALB, no platform NLB port.
      backend: { kind: "lambda", functionArn: "arn:aws:lambda:eu-west-1:101010101010:function:notifications-api:live", timeoutMs: 6000 },
    }),
    deployApp(receipts, {
      basePath: "receipts",
      account: "101010101010",
      version: "0.1.0",
      // An HTTP API (apigatewayv2): JWT authorizer native to HTTP APIs, Lambda proxy (payload 2.0).
      api: "http",
      wafExemptReason: "internal back-office callers only; rate limited by the stage throttle",
      backend: { kind: "lambda", functionArn: "arn:aws:lambda:eu-west-1:101010101010:function:receipts-api:live", timeoutMs: 5000 },
    }),
    deployApp(ledger, {
      basePath: "ledger",
      account: "222222222222",
      version: "0.1.0",
      // No backend yet: API Gateway answers; private: only the two endpoints above may call it.
      backend: { kind: "mock", reason: "ledger service not built yet; contract for the orders team" },
      endpoint: "private",
    }),
  ],
});
