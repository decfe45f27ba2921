// TLS failures in plain words: which side refused what, and what to check. OpenSSL's own text
// ("sslv3 alert bad certificate", "unable to verify the first certificate") stays in the log.
import { X509Certificate } from 'crypto';
import * as fs from 'fs';
import { l10n } from '../util/text';
import { EngineEndpoint } from './endpoint';
import { EngineError } from './errors';

/** The engine answers plain HTTP on a TLS port with this (Go's net/http). */
const PLAIN_TO_TLS = /client sent an http request to an https server/i;

/** Alerts the engine sends when it refuses the client's certificate (or the lack of one). */
const CLIENT_REFUSED =
  /alert (bad certificate|certificate expired|certificate revoked|unknown ca|certificate unknown|unsupported certificate|access denied|handshake failure|certificate required)/i;

function certificateOf(file: string | undefined): X509Certificate | undefined {
  if (!file) return undefined;
  try {
    return new X509Certificate(fs.readFileSync(file));
  } catch {
    return undefined;
  }
}

function where(endpoint: EngineEndpoint): string {
  return endpoint.host;
}

/**
 * Rewrites a TLS error (or the engine's answer to plain HTTP on its TLS port) of this endpoint as a
 * sentence that says which side refused and why; anything else is returned as it is.
 */
export function explainTls(error: EngineError, endpoint: EngineEndpoint): EngineError {
  const raw = error.daemonMessage ?? error.message;
  const details = { daemonMessage: raw, code: error.code, statusCode: error.statusCode, cause: error.cause };
  const tls = endpoint.tls;
  const host = where(endpoint);
  const files = [tls?.caFile, tls?.certFile, tls?.keyFile].filter(Boolean).join(', ');

  if (PLAIN_TO_TLS.test(raw)) {
    return new EngineError(
      'tls',
      l10n.t('The engine at {0} speaks TLS on this port, and this engine is set up without TLS.', host),
      {
        ...details,
        hint:
          endpoint.source === 'env'
            ? l10n.t(
                'As with the docker CLI, set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH (the folder with ca.pem, cert.pem and key.pem).',
              )
            : l10n.t(
                'Give this engine its tlsCaFile, tlsCertFile and tlsKeyFile in dockerNetworks.engines, or use a Docker context made with its TLS files.',
              ),
      },
    );
  }
  if (error.kind !== 'tls') return error;

  const code = error.code ?? '';
  if (
    CLIENT_REFUSED.test(raw) ||
    /ALERT_(BAD_CERTIFICATE|CERTIFICATE|UNKNOWN_CA|HANDSHAKE_FAILURE|ACCESS_DENIED)/.test(code)
  ) {
    const cert = certificateOf(tls?.certFile);
    if (!tls?.certFile) {
      return new EngineError(
        'tls',
        l10n.t(
          'The engine at {0} refused the connection: it requires a client certificate, and none is set for this engine.',
          host,
        ),
        {
          ...details,
          hint: l10n.t(
            'Set tlsCertFile and tlsKeyFile (or DOCKER_CERT_PATH with cert.pem and key.pem) to a certificate signed by the CA the engine trusts.',
          ),
        },
      );
    }
    if (cert && Date.parse(cert.validTo) < Date.now()) {
      return new EngineError(
        'tls',
        l10n.t("The engine at {0} refused this client's certificate: it expired on {1}.", host, cert.validTo),
        {
          ...details,
          hint: l10n.t('Get a new client certificate for {0} ({1}).', host, tls.certFile),
        },
      );
    }
    return new EngineError(
      'tls',
      l10n.t(
        "The engine at {0} refused this client's certificate: the engine does not accept it (it is not signed by the CA the engine trusts, or it was revoked).",
        host,
      ),
      {
        ...details,
        hint: l10n.t(
          'Check that {0} was issued by the CA the engine was started with (--tlscacert), and that it is meant for client authentication.',
          tls.certFile,
        ),
      },
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || /does not match certificate's altnames/i.test(raw)) {
    // A name: "… is not in the cert's altnames: DNS:x" (or "… CN: x"); an address: "… cert's list: 127.0.0.1".
    const names = /is not in the cert's (?:altnames|list): (.*)$|is not cert's CN: (.*)$/.exec(raw);
    return new EngineError(
      'tls',
      l10n.t(
        "The engine's certificate is not for the name {0} used here (it names {1}).",
        new URL(host.replace(/^tcp:/, 'https:')).hostname,
        (names?.[1] ?? names?.[2] ?? '?').trim(),
      ),
      {
        ...details,
        hint: l10n.t(
          "Connect with a name or address the certificate lists, or reissue the engine's certificate with this one in its subjectAltName.",
        ),
      },
    );
  }
  if (code === 'CERT_HAS_EXPIRED' || /certificate has expired/i.test(raw)) {
    return new EngineError(
      'tls',
      l10n.t("This client refused the engine at {0}: the engine's certificate has expired.", host),
      {
        ...details,
        hint: l10n.t('The engine needs a new server certificate (dockerd --tlscert).'),
      },
    );
  }
  if (code === 'CERT_NOT_YET_VALID') {
    return new EngineError(
      'tls',
      l10n.t("This client refused the engine at {0}: the engine's certificate is not valid yet.", host),
      {
        ...details,
        hint: l10n.t('Check the clocks of both machines.'),
      },
    );
  }
  if (
    /UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|CERT_UNTRUSTED|CERT_SIGNATURE_FAILURE/.test(
      code,
    )
  ) {
    return new EngineError(
      'tls',
      l10n.t(
        'This client refused the engine at {0}: its certificate is not signed by the CA this engine is set up with{1}.',
        host,
        tls?.caFile ? ` (${tls.caFile})` : '',
      ),
      {
        ...details,
        hint: l10n.t(
          "Use the CA that issued the engine's certificate (the ca.pem that goes with --tlscacert on the engine).",
        ),
      },
    );
  }
  if (/wrong version number|packet length too long|unknown protocol|http request/i.test(raw)) {
    return new EngineError('tls', l10n.t('The engine at {0} does not speak TLS on this port.', host), {
      ...details,
      hint: l10n.t('Turn TLS off for this engine, or use the port where it listens with --tlsverify (usually 2376).'),
    });
  }
  return new EngineError('tls', l10n.t('The TLS connection to {0} failed.', host), {
    ...details,
    hint: files
      ? l10n.t('Check the TLS files of this engine: {0}.', files)
      : l10n.t('Check the CA, certificate and key of this engine (DOCKER_CERT_PATH or the context).'),
  });
}
