#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace medsam::storage {

// Pseudonyms for training exports: HMAC-SHA256 (RFC 2104, OpenSSL's libcrypto) keyed with a per-project
// secret. The same project gives the same pseudonym to the same image or session in every export; without
// the secret a pseudonym cannot be linked to the image's content hash, its session uuid or another
// project's pseudonym of the same image (unlike the raw voxel hash, which is the same at every site).
// The secret lives in the project database (ProjectDb::pseudonymSecret) and never leaves it.
using PseudonymSecret = std::array<std::uint8_t, 32>;

// 32 bytes from OpenSSL's CSPRNG (RAND_bytes). Throws std::runtime_error when it fails.
PseudonymSecret newPseudonymSecret();

// HMAC-SHA256(secret, message), and as lower-case hex.
std::array<std::uint8_t, 32> hmacSha256(const PseudonymSecret& secret, const std::string& message);
std::string hmacSha256Hex(const PseudonymSecret& secret, const std::string& message);

// "2.25." + the first 128 bits of `digest` (top bit cleared, so it fits 64 characters) as a decimal integer:
// the ISO/IEC 9834-8 UUID-derived DICOM UID form.
std::string uidFromDigest(const std::uint8_t* digest);

class Pseudonymizer {
public:
    explicit Pseudonymizer(const PseudonymSecret& secret) : secret_(secret) {}
    // "case-" + 16 hex digits (64 bits) from the image's content hash.
    std::string caseName(const std::string& contentHash) const;
    // "session-" + 16 hex digits from the session's uuid.
    std::string sessionName(const std::string& uuid) const;
    // The replacement of a DICOM UID in a de-identified export (2.25.<HMAC>): the same in every export of the
    // project, so de-identified files of one study still share their study and frame-of-reference UIDs.
    std::string dicomUid(const std::string& uid) const;

private:
    PseudonymSecret secret_;
};

}  // namespace medsam::storage
