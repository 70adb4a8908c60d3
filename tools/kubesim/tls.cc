#include "kubesim/tls.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

namespace ark::kubesim {

namespace {

Status OpenSslError(const std::string& what) {
  char buf[256];
  ERR_error_string_n(ERR_get_error(), buf, sizeof(buf));
  return Internal("generating TLS material: " + what + ": " + buf);
}

EVP_PKEY* NewKey() { return EVP_EC_gen("P-256"); }

bool AddExt(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (!ext) return false;
  bool ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

X509* NewCert(EVP_PKEY* key, const char* cn, X509* issuer, EVP_PKEY* issuer_key, bool ca) {
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  unsigned char serial[16];
  RAND_bytes(serial, sizeof(serial));
  serial[0] &= 0x7f;
  BIGNUM* bn = BN_bin2bn(serial, sizeof(serial), nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 10L * 365 * 24 * 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn),
                             -1, -1, 0);
  X509_set_issuer_name(cert, issuer ? X509_get_subject_name(issuer) : name);
  X509* iss = issuer ? issuer : cert;
  bool ok = true;
  if (ca) {
    ok = AddExt(cert, iss, NID_basic_constraints, "critical,CA:TRUE") &&
         AddExt(cert, iss, NID_key_usage, "critical,keyCertSign,cRLSign,digitalSignature") &&
         AddExt(cert, iss, NID_subject_key_identifier, "hash");
  } else {
    ok = AddExt(cert, iss, NID_basic_constraints, "critical,CA:FALSE") &&
         AddExt(cert, iss, NID_key_usage, "critical,digitalSignature,keyEncipherment") &&
         AddExt(cert, iss, NID_ext_key_usage, "serverAuth") &&
         AddExt(cert, iss, NID_subject_alt_name, "IP:127.0.0.1,IP:::1,DNS:localhost");
  }
  if (!ok || X509_sign(cert, issuer_key ? issuer_key : key, EVP_sha256()) == 0) {
    X509_free(cert);
    return nullptr;
  }
  return cert;
}

}  // namespace

Result<std::unique_ptr<TlsMaterial>> TlsMaterial::Generate() {
  std::unique_ptr<TlsMaterial> m(new TlsMaterial());
  EVP_PKEY* ca_key = NewKey();
  if (!ca_key) return OpenSslError("CA key");
  X509* ca = NewCert(ca_key, "kubesim-ca", nullptr, nullptr, true);
  if (!ca) {
    EVP_PKEY_free(ca_key);
    return OpenSslError("CA certificate");
  }
  m->server_key_ = NewKey();
  if (m->server_key_) m->server_cert_ = NewCert(m->server_key_, "kubesim", ca, ca_key, false);
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, ca);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  m->ca_pem_.assign(data, static_cast<size_t>(len));
  BIO_free(bio);
  X509_free(ca);
  EVP_PKEY_free(ca_key);
  if (!m->server_cert_) return OpenSslError("server certificate");
  return m;
}

TlsMaterial::~TlsMaterial() {
  X509_free(server_cert_);
  EVP_PKEY_free(server_key_);
}

}  // namespace ark::kubesim
