"""Runs moto's server with ACM PCA's subordinate CA templates giving CA certificates, as AWS's do.

moto 5.x signs certificate requests with a private CA, but for the templates
SubordinateCACertificate_PathLen0/V1 .. PathLen3/V1 it adds no extension at all: the certificate
has no basicConstraints, so no TLS stack (the JDK's PKIX validator, BoringSSL, OpenSSL) accepts
it as the issuer of another certificate. Here those templates add what AWS documents for them
(basicConstraints CA with the path length, keyUsage keyCertSign, cRLSign and digitalSignature);
every other template keeps moto's own extensions.

Usage: python3 acmpca_subordinate.py PORT
"""

import re
import sys

from cryptography import x509
from moto.acmpca.models import CertificateAuthority
from moto.server import main

SUBORDINATE = re.compile(r"arn:[^:]+:acm-pca:::template/SubordinateCACertificate_PathLen(\d)/V1")

moto_extensions = CertificateAuthority._x509_extensions


def subordinate_extensions(self, csr, template_arn):
    match = SUBORDINATE.fullmatch(template_arn or "")
    if match is None:
        return moto_extensions(self, csr, template_arn)
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=True,
        encipher_only=False,
        decipher_only=False,
    )
    return [
        (x509.BasicConstraints(ca=True, path_length=int(match.group(1))), True),
        (usage, True),
    ]


CertificateAuthority._x509_extensions = subordinate_extensions

if __name__ == "__main__":
    port = sys.argv[1]
    sys.argv = ["moto_server", "-H", "127.0.0.1", "-p", port]
    sys.exit(main())
