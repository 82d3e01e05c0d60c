import { defineEnvironment, deployApp } from "../config/define";
import orders from "./apps/orders";
import payments from "./apps/payments";
import notifications from "./apps/notifications";

export default defineEnvironment({
  name: "prod",
  tier: "prod",
  promotesFrom: "staging",
  region: "eu-west-1",
  orgPrefix: "acme",
  tags: { CostCenter: "platform" },
  accounts: {
    sharedServices: "777777777777",
    deployRoleName: "aoa-deployer",
    pipeline: { githubRepository: "acme/api-front-door" },
  },
  state: { backend: "s3", bucket: "acme-aoa-tfstate-prod", region: "eu-west-1", keyPrefix: "apigw-app-of-apps" },
  domain: {
    name: "api.acme-example.com",
    hostedZone: { mode: "adopt", name: "acme-example.com", zoneId: "Z04816382EXAMPLE0PROD" },
  },
  edge: {
    waf: { rateLimitPerIp: 5000 },
    throttling: { rateLimit: 1000, burstLimit: 2000 },
    logRetentionDays: 365,
    authorizer: {
      issuer: "https://login.acme-example.com/",
      audience: "https://api.acme-example.com",
    },
  },
  network: {
    vpcId: "vpc-0a1b2c3d4e5f62001",
    subnets: [
      { id: "subnet-0a1b2c3d4e5f62011", az: "eu-west-1a" },
      { id: "subnet-0a1b2c3d4e5f62012", az: "eu-west-1b" },
      { id: "subnet-0a1b2c3d4e5f62013", az: "eu-west-1c" },
    ],
  },
  apps: [
    deployApp(orders, {
      basePath: "orders",
      account: "888888888888",
      version: "1.3.2",
      ingressPort: 10001,
      backend: {
        albArn: "arn:aws:elasticloadbalancing:eu-west-1:888888888888:loadbalancer/app/orders-internal/50dc6c495c0c9188",
        listenerPort: 443,
        pathPrefix: "/orders",
        hostname: "orders.internal.acme-example.com",
        vpcId: "vpc-0b1b2c3d4e5f62002",
        subnets: [
          { id: "subnet-0b1b2c3d4e5f62021", az: "eu-west-1a" },
          { id: "subnet-0b1b2c3d4e5f62022", az: "eu-west-1b" },
        ],
      },
      cors: { allowOrigins: ["https://shop.acme-example.com"] },
    }),
    deployApp(payments, {
      basePath: "payments/v1",
      account: "999999999999",
      version: "2.0.0",
      ingressPort: 10002,
      backend: {
        albArn: "arn:aws:elasticloadbalancing:eu-west-1:999999999999:loadbalancer/app/payments-internal/7a1c6c495c0c9100",
        listenerPort: 443,
        pathPrefix: "/payments",
        hostname: "payments.internal.acme-example.com",
        vpcId: "vpc-0c1b2c3d4e5f62003",
        subnets: [
          { id: "subnet-0c1b2c3d4e5f62031", az: "eu-west-1a" },
          { id: "subnet-0c1b2c3d4e5f62032", az: "eu-west-1b" },
        ],
      },
      usagePlans: [
        { name: "partner-basic", quota: { limit: 100000, period: "MONTH" }, throttling: { rateLimit: 20, burstLimit: 40 }, apiKeys: ["partner-a"] },
      ],
    }),
    deployApp(notifications, {
      basePath: "notifications",
      account: "303030303030",
      version: "0.3.0",
      // A Lambda alias in the app's own account: no ALB, no platform NLB port.
      backend: { kind: "lambda", functionArn: "arn:aws:lambda:eu-west-1:303030303030:function:notifications-api:live", timeoutMs: 6000 },
    }),
  ],
});
