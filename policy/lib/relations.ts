/** Relations between resources that several rules need (stage ↔ method settings, bucket ↔ companions, ...). */
import type { ResourceRef, StackView } from "../stack-view";
import { block, literal } from "./values";

/** Method settings that apply to a stage: `stage_name` references the stage, or both ids match literally. */
export function methodSettingsForStage(view: StackView, stage: ResourceRef): ResourceRef[] {
  const stageName = literal(stage.config.stage_name);
  const apiId = stage.config.rest_api_id;
  return view.resources("aws_api_gateway_method_settings").filter((ms) => {
    if (view.refersTo(ms.config.stage_name, stage)) return true;
    return stageName !== undefined && literal(ms.config.stage_name) === stageName && ms.config.rest_api_id === apiId;
  });
}

/** The `settings` block of a method settings resource (`{}` when absent). */
export function settingsOf(ms: ResourceRef): Record<string, any> {
  return block(ms.config.settings) ?? {};
}

/** Bucket companion resources (`aws_s3_bucket_versioning`, ...) whose `bucket` points at the bucket. */
export function bucketCompanions(view: StackView, type: string, bucket: ResourceRef): ResourceRef[] {
  return view.companions(type, "bucket", bucket, ["bucket"]);
}

/** Resource ARNs/ids of a WAF association that point at a stage (by reference or literal `/stages/<name>`). */
export function associationTargetsStage(view: StackView, assoc: ResourceRef, stage: ResourceRef): boolean {
  const arn = assoc.config.resource_arn;
  if (view.refersTo(arn, stage)) return true;
  const lit = literal(arn);
  const name = literal(stage.config.stage_name);
  return !!lit && !!name && lit.endsWith(`/stages/${name}`);
}
