/** Credentials errors name the account and role that were tried and point at `npm run preflight`. */
import { credentialsHint, withCredentialsHint } from "../../ops/credentials-hint";

const env = { name: "dev", accounts: { sharedServices: "111111111111", deployRoleName: "aoa-deployer" } };

describe("credentials hint", () => {
  it("terraform's assume-role failure: the role and its account, and preflight", () => {
    const msg = "Error: Cannot assume IAM Role\n\nIAM Role (arn:aws:iam::222222222222:role/aoa-deployer) cannot be assumed.";
    expect(credentialsHint(msg, env)).toBe(
      "credentials: tried role arn:aws:iam::222222222222:role/aoa-deployer (account 222222222222) — check them with `npm run preflight -- --env dev` (it assumes the role in every account and explains AccessDenied, a wrong account or expired credentials)",
    );
  });

  it("no role in the message (missing or expired credentials): names the deploy role and the shared-services account", () => {
    expect(credentialsHint("Error: No valid credential sources found", env)).toMatch(/the deploy role aoa-deployer in the environment's accounts \(shared services 111111111111\) — check them with `npm run preflight -- --env dev`/);
    expect(credentialsHint("ExpiredToken: The security token included in the request is expired", env)).toMatch(/npm run preflight -- --env dev/);
  });

  it("leaves other errors alone", () => {
    expect(credentialsHint("Error: creating API Gateway REST API: BadRequestException", env)).toBeUndefined();
    expect(withCredentialsHint("Error: boom", env)).toBe("Error: boom");
  });
});
