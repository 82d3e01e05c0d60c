// Validates OpenAPI documents with two real validators, both ESM-only (hence a child process of
// the CJS jest tests): @redocly/openapi-core (`recommended` rules) and @apidevtools/swagger-parser
// (schema + path parameters). stdin: JSON {"docs": {"<name>": <document>}, "rules": {<id>: "off"}};
// stdout: JSON {"<name>": {"redocly": [{ruleId, severity, message, location}], "swaggerParser":
// null | "<error>"}}. Rules turned off and why: test/unit/openapi-lint.test.ts.
import { createConfig, lintFromString } from "@redocly/openapi-core";
import SwaggerParser from "@apidevtools/swagger-parser";

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const { docs, rules } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const config = await createConfig({ extends: ["recommended"], rules: rules ?? {} });
const out = {};
for (const [name, doc] of Object.entries(docs)) {
  const problems = await lintFromString({ source: JSON.stringify(doc, null, 2), absoluteRef: `${name}.json`, config });
  let swaggerParser = null;
  try {
    await SwaggerParser.validate(structuredClone(doc));
  } catch (err) {
    swaggerParser = String(err?.message ?? err);
  }
  out[name] = {
    redocly: problems.map((p) => ({ ruleId: p.ruleId, severity: p.severity, message: p.message, location: p.location?.[0]?.pointer })),
    swaggerParser,
  };
}
process.stdout.write(JSON.stringify(out));
