/**
 * StackView: read-only helper over one synthesized stack's Terraform JSON. Resources by type,
 * `${type.name.attr}` references resolved to the resources they name, construct paths from
 * cdktf's `//.metadata.path`, providers and lifecycle settings.
 */
import type { RuleFinding, Severity } from "./findings";
import { blocks, interpolations, isToken, literal } from "./lib/values";

export interface ResourceRef {
  /** `resource` or `data`. */
  readonly mode: "resource" | "data";
  readonly type: string;
  /** The logical id (the key under the type). */
  readonly name: string;
  /** `<type>.<name>` for resources, `data.<type>.<name>` for data sources. */
  readonly address: string;
  readonly config: Record<string, any>;
  readonly constructPath?: string;
}

/** One reference found inside an interpolation: `aws_x.name.attr` or `data.aws_x.name.attr`. */
export interface TfReference {
  readonly mode: "resource" | "data";
  readonly type: string;
  readonly name: string;
  readonly attr?: string;
}

// `(data.)?<type>.<name>(.<attr>)?` where type has a provider prefix (`aws_`, `random_`, ...).
const REF = /(?<![\w.-])(data\.)?([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?/g;

export class StackView {
  readonly name: string;
  readonly json: any;
  private readonly byType = new Map<string, ResourceRef[]>();
  private readonly dataByType = new Map<string, ResourceRef[]>();

  constructor(name: string, json: any) {
    this.name = name;
    this.json = json ?? {};
    for (const [mode, section, target] of [
      ["resource", this.json.resource, this.byType],
      ["data", this.json.data, this.dataByType],
    ] as const) {
      if (!section || typeof section !== "object") continue;
      for (const [type, byName] of Object.entries(section as Record<string, any>)) {
        if (!byName || typeof byName !== "object") continue;
        const refs: ResourceRef[] = [];
        for (const [name, config] of Object.entries(byName as Record<string, any>)) {
          if (!config || typeof config !== "object") continue;
          const path = config["//"]?.metadata?.path;
          refs.push({
            mode,
            type,
            name,
            address: mode === "resource" ? `${type}.${name}` : `data.${type}.${name}`,
            config,
            constructPath: typeof path === "string" ? path : undefined,
          });
        }
        target.set(type, refs);
      }
    }
  }

  /** Resources of a type (empty when none). */
  resources(type: string): ResourceRef[] {
    return this.byType.get(type) ?? [];
  }

  /** Every resource of the stack. */
  allResources(): ResourceRef[] {
    return [...this.byType.values()].flat();
  }

  resource(type: string, name: string): ResourceRef | undefined {
    return this.resources(type).find((r) => r.name === name);
  }

  /** Data sources of a type (empty when none). */
  dataSources(type: string): ResourceRef[] {
    return this.dataByType.get(type) ?? [];
  }

  allDataSources(): ResourceRef[] {
    return [...this.dataByType.values()].flat();
  }

  dataSource(type: string, name: string): ResourceRef | undefined {
    return this.dataSources(type).find((r) => r.name === name);
  }

  /** The provider a resource is bound to (`aws.shared`), if set explicitly. */
  providerOf(res: ResourceRef): string | undefined {
    return typeof res.config.provider === "string" ? res.config.provider : undefined;
  }

  /** Provider configurations of one provider (`aws` by default); cdktf writes them as an array. */
  providers(name = "aws"): Record<string, any>[] {
    return blocks(this.json.provider?.[name]);
  }

  /** The lifecycle block of a resource (`{}` when none). */
  lifecycle(res: ResourceRef): { create_before_destroy?: unknown; prevent_destroy?: unknown; [k: string]: unknown } {
    return blocks(res.config.lifecycle)[0] ?? {};
  }

  /** Every reference to a resource or data source inside the interpolations of a value (searched deeply). */
  refsIn(value: unknown): TfReference[] {
    const out: TfReference[] = [];
    const visit = (v: unknown): void => {
      if (typeof v === "string") {
        if (!v.includes("${")) return;
        for (const span of interpolations(v)) {
          for (const m of span.expression.matchAll(REF)) {
            out.push({ mode: m[1] ? "data" : "resource", type: m[2], name: m[3], attr: m[4] });
          }
        }
      } else if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === "object") Object.values(v).forEach(visit);
    };
    visit(value);
    return out;
  }

  /** Resources/data sources of this stack referenced by a value (optionally only of one type). */
  referenced(value: unknown, type?: string): ResourceRef[] {
    const seen = new Set<string>();
    const out: ResourceRef[] = [];
    for (const ref of this.refsIn(value)) {
      if (type && ref.type !== type) continue;
      const res = ref.mode === "data" ? this.dataSource(ref.type, ref.name) : this.resource(ref.type, ref.name);
      if (res && !seen.has(res.address)) {
        seen.add(res.address);
        out.push(res);
      }
    }
    return out;
  }

  /** The single resource a value references (first match), if it is in this stack. */
  resolve(value: unknown, type?: string): ResourceRef | undefined {
    return this.referenced(value, type)[0];
  }

  /** True when the value references the given resource/data source. */
  refersTo(value: unknown, target: ResourceRef): boolean {
    return this.refsIn(value).some((r) => r.mode === target.mode && r.type === target.type && r.name === target.name);
  }

  /**
   * Companion resources of `type` whose `attr` points at `target`: by reference, or by a literal
   * equal to one of the target's literal identifying attributes (`matchAttrs`).
   */
  companions(type: string, attr: string, target: ResourceRef, matchAttrs: readonly string[] = []): ResourceRef[] {
    const literals = matchAttrs.map((a) => literal(target.config[a])).filter((v): v is string => !!v);
    return this.resources(type).filter((r) => {
      const v = r.config[attr];
      if (this.refersTo(v, target)) return true;
      const lit = literal(v);
      return lit !== undefined && literals.includes(lit);
    });
  }

  /** A finding about a resource. */
  at(res: ResourceRef, message: string, severity?: Severity): RuleFinding {
    return {
      resource: res.mode === "data" ? `data.${res.type}.${res.name}` : `${res.type}.${res.name}`,
      ...(res.constructPath ? { constructPath: res.constructPath } : {}),
      message,
      ...(severity ? { severity } : {}),
    };
  }

  /** A finding about the stack as a whole (providers, settings outside any resource). */
  atStack(message: string, severity?: Severity): RuleFinding {
    return { resource: "stack", message, ...(severity ? { severity } : {}) };
  }

  /** True when a value is an interpolation (only known at plan time). */
  isToken(value: unknown): boolean {
    return isToken(value);
  }
}
