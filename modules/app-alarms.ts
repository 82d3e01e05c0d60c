import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { derivedNames } from "../config/naming";

export interface AppAlarmsProps {
  readonly provider: TerraformProvider;
  /** API name (the ApiName dimension). */
  readonly apiName: string;
  readonly stageName: string;
  /** Topic notified on ALARM and OK. */
  readonly topicArn: string;
  /** @default 1 */
  readonly error5xxPercent?: number;
  /** @default 2000 */
  readonly latencyP99Ms?: number;
  /** 4XX share (includes throttling 429s) that alarms. @default 10 */
  readonly error4xxPercent?: number;
  /** Metric dimensions and error metric names. @default REST: `{ ApiName, Stage }`, `5XXError` / `4XXError` (HTTP APIs: `{ ApiId, Stage }`, `5xx` / `4xx`) */
  readonly metrics?: { readonly dimensions: Record<string, string>; readonly error5xx: string; readonly error4xx: string };
}

/**
 * Per-app alarms on the stage: 5XX rate, p99 latency, and 4XX rate — REST APIs publish no
 * throttle metric, throttled requests (429) are counted in 4XXError, so that alarm is the
 * throttling signal.
 */
export class AppAlarms extends Construct {
  readonly alarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, props: AppAlarmsProps) {
    super(scope, id);
    const m = props.metrics ?? { dimensions: { ApiName: props.apiName, Stage: props.stageName }, error5xx: "5XXError", error4xx: "4XXError" };
    const dims = m.dimensions;
    const actions = { alarmActions: [props.topicArn], okActions: [props.topicArn], treatMissingData: "notBreaching" };
    const rate = (kind: "5XXError" | "4XXError", threshold: number) =>
      new CloudwatchMetricAlarm(this, `${kind.toLowerCase()}-rate`, {
        provider: props.provider,
        alarmName: derivedNames.alarm(props.apiName, kind === "5XXError" ? "5xx-rate" : "4xx-rate"),
        alarmDescription: `${props.apiName}: ${kind} above ${threshold}% of requests${kind === "4XXError" ? " (includes throttling 429s)" : ""}`,
        comparisonOperator: "GreaterThanThreshold",
        threshold,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        ...actions,
        metricQuery: [
          { id: "errors", returnData: false, metric: { namespace: "AWS/ApiGateway", metricName: kind === "5XXError" ? m.error5xx : m.error4xx, dimensions: dims, period: 60, stat: "Sum" } },
          { id: "requests", returnData: false, metric: { namespace: "AWS/ApiGateway", metricName: "Count", dimensions: dims, period: 60, stat: "Sum" } },
          { id: "rate", returnData: true, expression: "IF(requests > 0, 100 * errors / requests, 0)", label: `${kind} %` },
        ],
      });
    this.alarms.push(rate("5XXError", props.error5xxPercent ?? 1));
    this.alarms.push(rate("4XXError", props.error4xxPercent ?? 10));
    this.alarms.push(
      new CloudwatchMetricAlarm(this, "latency-p99", {
        provider: props.provider,
        alarmName: derivedNames.alarm(props.apiName, "latency-p99"),
        alarmDescription: `${props.apiName}: p99 latency above ${props.latencyP99Ms ?? 2000} ms`,
        namespace: "AWS/ApiGateway",
        metricName: "Latency",
        dimensions: dims,
        extendedStatistic: "p99",
        period: 300,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        threshold: props.latencyP99Ms ?? 2000,
        comparisonOperator: "GreaterThanThreshold",
        ...actions,
      }),
    );
  }
}
