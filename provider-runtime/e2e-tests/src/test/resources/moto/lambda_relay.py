"""Runs moto's server with Lambda invocations relayed to a test's harness instead of Docker.

moto 5.x runs a Lambda function in a Docker container and hands CloudFormation custom resources
a ResponseURL on host.docker.internal, which is how such a container reaches the host. This
machine has no Docker engine: here the function's code is the harness of the test (our custom
resource handler, in the test's JVM), so an invocation's event is POSTed to the harness at
SVCC_LAMBDA_RELAY (the function's name appended) and the ResponseURL names 127.0.0.1.

Usage: python3 lambda_relay.py PORT   (SVCC_LAMBDA_RELAY=http://127.0.0.1:N/invoke)
"""

import json
import os
import sys
import urllib.request

from moto import settings
from moto.awslambda.models import LambdaFunction
from moto.server import main

RELAY = os.environ["SVCC_LAMBDA_RELAY"]


def relay_invocation(self, event=None):
    body = json.dumps(event if event is not None else {}).encode("utf-8")
    request = urllib.request.Request(
        RELAY + "/" + self.function_name,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = response.read().decode("utf-8")
    # (payload, errored, logs), as moto's Docker invocation answers
    return answer, False, ""


LambdaFunction._invoke_lambda = relay_invocation
settings.moto_server_host = lambda: "http://127.0.0.1"

if __name__ == "__main__":
    port = sys.argv[1]
    sys.argv = ["moto_server", "-H", "127.0.0.1", "-p", port]
    sys.exit(main())
