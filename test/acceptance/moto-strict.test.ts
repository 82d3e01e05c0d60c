/**
 * moto as strict as AWS where the stacks rely on it (moto_patches.py patch 7): an OpenAPI import
 * with sibling path variables, a greedy variable that is not last, or a repeated variable is
 * refused with BadRequestException, as API Gateway does; the valid neighbour (`/{id}` under two
 * different parents, a final `{proxy+}`) is imported. No Terraform: a few SDK calls, seconds.
 */
import { APIGatewayClient, CreateRestApiCommand, GetResourcesCommand, PutRestApiCommand } from "@aws-sdk/client-api-gateway";
import { clientsFor, describeIfTools, startMoto, type Moto } from "./harness";

const doc = (paths: string[]) =>
  Buffer.from(JSON.stringify({ openapi: "3.0.1", info: { title: "t", version: "1" }, paths: Object.fromEntries(paths.map((p) => [p, { get: { responses: { "200": { description: "ok" } } } }])) }));

describeIfTools("moto refuses OpenAPI imports API Gateway refuses", () => {
  let moto: Moto;
  let api: APIGatewayClient;
  beforeAll(async () => {
    moto = await startMoto();
    api = (await clientsFor(moto.endpoint, "111111111111", "eu-west-1")).client(APIGatewayClient);
  }, 90000);
  afterAll(async () => moto?.stop());

  const put = async (paths: string[]) => {
    const { id } = await api.send(new CreateRestApiCommand({ name: "strict" }));
    await api.send(new PutRestApiCommand({ restApiId: id!, mode: "overwrite", body: doc(paths) }));
    const { items } = await api.send(new GetResourcesCommand({ restApiId: id! }));
    return (items ?? []).map((r) => r.path).sort();
  };

  it.each([
    ["sibling variables", ["/{id}", "/{orderId}"]],
    ["a variable and a greedy variable as siblings", ["/{id}", "/{proxy+}"]],
    ["greedy variable not last", ["/{proxy+}/meta"]],
    ["the same variable twice", ["/{id}/lines/{id}"]],
  ])("refuses %s", async (_n, paths) => {
    await expect(put(paths)).rejects.toMatchObject({ name: "BadRequestException" });
  });

  it("imports the valid neighbour: /{id} under two parents and a final {proxy+}", async () => {
    expect(await put(["/a/{id}", "/b/{id}", "/files/{proxy+}"])).toEqual(expect.arrayContaining(["/a/{id}", "/b/{id}", "/files/{proxy+}"]));
  });
});
