#include "storage/util/Pseudonym.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace medsam::storage {

PseudonymSecret newPseudonymSecret() {
    PseudonymSecret secret{};
    if (RAND_bytes(secret.data(), static_cast<int>(secret.size())) != 1)
        throw std::runtime_error("cannot draw a pseudonym secret: OpenSSL's random generator failed");
    return secret;
}

std::array<std::uint8_t, 32> hmacSha256(const PseudonymSecret& secret, const std::string& message) {
    std::array<std::uint8_t, 32> digest{};
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
              reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest.data(),
              &length) ||
        length != digest.size()) {
        throw std::runtime_error("HMAC-SHA256 failed (OpenSSL)");
    }
    return digest;
}

std::string hmacSha256Hex(const PseudonymSecret& secret, const std::string& message) {
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (std::uint8_t b : hmacSha256(secret, message)) {
        out += hex[b >> 4];
        out += hex[b & 15];
    }
    return out;
}

std::string uidFromDigest(const std::uint8_t* digest) {
    std::vector<std::uint8_t> n(digest, digest + 16);
    n[0] &= 0x7f;  // below 2^127: "2.25." + at most 39 digits
    std::string digits;
    while (std::any_of(n.begin(), n.end(), [](std::uint8_t b) { return b != 0; })) {
        unsigned rem = 0;
        for (auto& b : n) {
            const unsigned cur = rem * 256 + b;
            b = static_cast<std::uint8_t>(cur / 10);
            rem = cur % 10;
        }
        digits.insert(digits.begin(), static_cast<char>('0' + rem));
    }
    return "2.25." + (digits.empty() ? std::string("0") : digits);
}

// Domain-separated messages: an image, a session and a UID never share a pseudonym input.
std::string Pseudonymizer::caseName(const std::string& contentHash) const {
    return "case-" + hmacSha256Hex(secret_, "medsam-case\n" + contentHash).substr(0, 16);
}

std::string Pseudonymizer::sessionName(const std::string& uuid) const {
    return "session-" + hmacSha256Hex(secret_, "medsam-session\n" + uuid).substr(0, 16);
}

std::string Pseudonymizer::dicomUid(const std::string& uid) const {
    return uidFromDigest(hmacSha256(secret_, "medsam-dicom-uid\n" + uid).data());
}

}  // namespace medsam::storage
