#!/usr/bin/env bash
# A stand-in for terraform in the interrupt tests: starts a "provider" child in its own process
# group (as terraform starts terraform-provider-aws), holds a local lock file, and on SIGINT either
# stops gracefully (FAKE_TF_MODE=graceful: stops its provider, releases the lock, exits 1 as
# terraform does) or ignores it (FAKE_TF_MODE=stuck), so only a forced kill ends it.
dir="$FAKE_TF_DIR"
sleep 300 &
provider=$!
echo "$$ $provider" > "$dir/pids"
mkdir -p "$dir/state"
touch "$dir/state/.fake.tfstate.lock.info"
if [ "${FAKE_TF_MODE:-graceful}" = graceful ]; then
  trap 'echo interrupt >> "$dir/signals"; kill $provider; rm -f "$dir/state/.fake.tfstate.lock.info"; exit 1' INT
else
  trap 'echo interrupt-ignored >> "$dir/signals"' INT
fi
echo started > "$dir/started"
while true; do sleep 0.1; done
