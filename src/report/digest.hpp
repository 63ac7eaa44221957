#pragma once
// SHA-256 through OpenSSL's EVP interface (libssl-dev): the input hashes of
// the HTML report and the SARIF fingerprints. No hand-written crypto.
#include <string>
#include <string_view>

namespace fwlint {

// Lower-case hex, 64 characters.
std::string sha256_hex(std::string_view bytes);

}  // namespace fwlint
