import { defineEnvironment, deployApp } from "../config/define";
import orders from "./apps/orders";
import payments from "./apps/payments";
import notifications from "./apps/notifications";

export default defineEnvironment({
  name: "staging",
  tier: "staging",
  promotesFrom: "dev",
  region: "eu-west-1",
  orgPrefix: "acme",
  tags: { CostCenter: "platform" },
  accounts: {
    sharedServices: "444444444444",
    deployRoleName: "aoa-deployer",
    pipeline: { githubRepository: "acme/api-front-door" },
  },
  state: { backend: "s3", bucket: "acme-aoa-tfstate-staging", region: "eu-west-1", keyPrefix: "apigw-app-of-apps" },
  domain: {
    name: "api.staging.acme-example.com",
    hostedZone: { mode: "create", name: "staging.acme-example.com" },
  },
  edge: {
    waf: { rateLimitPerIp: 2000 },
    throttling: { rateLimit: 200, burstLimit: 400 },
    logRetentionDays: 90,
    authorizer: {
      issuer: "https://login.staging.acme-example.com/",
      audience: "https://api.staging.acme-example.com",
    },
  },
  network: {
    vpcId: "vpc-0a1b2c3d4e5f61001",
    subnets: [
      { id: "subnet-0a1b2c3d4e5f61011", az: "eu-west-1a" },
      { id: "subnet-0a1b2c3d4e5f61012", az: "eu-west-1b" },
    ],
  },
  apps: [
    deployApp(orders, {
      basePath: "orders",
      account: "555555555555",
      version: "1.3.2",
      ingressPort: 10001,
      backend: {
        albArn: "arn:aws:elasticloadbalancing:eu-west-1:555555555555:loadbalancer/app/orders-internal/50dc6c495c0c9188",
        listenerPort: 443,
        pathPrefix: "/orders",
        hostname: "orders.internal.staging.acme-example.com",
        vpcId: "vpc-0b1b2c3d4e5f61002",
        subnets: [
          { id: "subnet-0b1b2c3d4e5f61021", az: "eu-west-1a" },
          { id: "subnet-0b1b2c3d4e5f61022", az: "eu-west-1b" },
        ],
      },
      cors: { allowOrigins: ["https://shop.staging.acme-example.com"] },
    }),
    deployApp(payments, {
      basePath: "payments/v1",
      account: "666666666666",
      version: "2.0.0",
      ingressPort: 10002,
      backend: {
        albArn: "arn:aws:elasticloadbalancing:eu-west-1:666666666666:loadbalancer/app/payments-internal/7a1c6c495c0c9100",
        listenerPort: 443,
        pathPrefix: "/payments",
        hostname: "payments.internal.staging.acme-example.com",
        vpcId: "vpc-0c1b2c3d4e5f61003",
        subnets: [
          { id: "subnet-0c1b2c3d4e5f61031", az: "eu-west-1a" },
          { id: "subnet-0c1b2c3d4e5f61032", az: "eu-west-1b" },
        ],
      },
      usagePlans: [
        { name: "partner-basic", quota: { limit: 100000, period: "MONTH" }, throttling: { rateLimit: 20, burstLimit: 40 }, apiKeys: ["partner-a"] },
      ],
    }),
    deployApp(notifications, {
      basePath: "notifications",
      account: "202020202020",
      version: "0.3.0",
      // A Lambda alias in the app's own account: no ALB, no platform NLB port.
      backend: { kind: "lambda", functionArn: "arn:aws:lambda:eu-west-1:202020202020:function:notifications-api:live", timeoutMs: 6000 },
    }),
  ],
});
