/**
 * The environment's CloudWatch dashboard (platform stack), app-agnostic: every widget is a metric
 * search over the environment's REST API name prefix (`<org>-<env>-`, every app's API is named
 * `<org>-<env>-<app>`), so adding, changing or removing an app never changes the platform stack —
 * a new app's API shows up as one more line in each graph once it publishes metrics.
 *
 * SEARCH syntax: `SEARCH('{Namespace,Dim1,Dim2} SearchTerm', 'Statistic', Period)`; an unquoted
 * term is a partial (token) match, a quoted one exact. Search expressions are allowed in dashboard
 * graphs (not in alarms: the per-app alarms stay in each app's stack, modules/app-alarms.ts).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/search-expression-syntax.html
 * A search returns at most 500 time series per expression (same page, "Search expression limits").
 */

export interface PlatformDashboardProps {
  /** `<org>-<env>`: every app's REST API is named `<prefix>-<app>`. */
  readonly apiNamePrefix: string;
  readonly region: string;
  /** Stage every app API deploys (AppApi). @default "live" */
  readonly stageName?: string;
}

/** A `SEARCH(...)` over this environment's APIs for one API Gateway metric. */
export function apiSearchExpression(props: PlatformDashboardProps, metric: string, stat: string, period: number): string {
  const stage = props.stageName ?? "live";
  // Metric names and dimension values are tokens split at non-alphanumerics: `ApiName=acme-dev`
  // matches `acme-dev-orders`, `acme-dev-payments`, ...; `Stage="live"` and the metric are exact.
  return `SEARCH('{AWS/ApiGateway,ApiName,Stage} MetricName="${metric}" ApiName=${props.apiNamePrefix} Stage="${stage}"', '${stat}', ${period})`;
}

/** The dashboard body (JSON-able): requests, 4XX, 5XX and p99 latency, one line per app API. */
export function platformDashboardBody(props: PlatformDashboardProps): Record<string, unknown> {
  const graph = (x: number, y: number, title: string, metric: string, stat: string, period: number) => ({
    type: "metric",
    x,
    y,
    width: 12,
    height: 6,
    properties: {
      title,
      region: props.region,
      view: "timeSeries",
      stat,
      period,
      metrics: [[{ id: "e1", expression: apiSearchExpression(props, metric, stat, period), label: "" }]],
    },
  });
  return {
    widgets: [
      { type: "text", x: 0, y: 0, width: 24, height: 2, properties: { markdown: `APIs \`${props.apiNamePrefix}-*\`, stage \`${props.stageName ?? "live"}\`: one line per app. Each app's alarms live in its own stack.` } },
      graph(0, 2, "Requests", "Count", "Sum", 60),
      graph(12, 2, "Latency p99", "Latency", "p99", 300),
      graph(0, 8, "4XX (includes throttling 429s)", "4XXError", "Sum", 60),
      graph(12, 8, "5XX", "5XXError", "Sum", 60),
    ],
  };
}
