#include "util/sha256.h"

#include <gtest/gtest.h>

#include "util/digest.h"

namespace ark {
namespace {

TEST(Sha256, PiecesHashAsTheWhole) {
  Sha256 empty;
  EXPECT_EQ(empty.HexDigest(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  Sha256 abc;
  abc.Update("a");
  abc.Update("");
  abc.Update("bc");
  EXPECT_EQ(abc.bytes(), 3);
  EXPECT_EQ(abc.HexDigest(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  std::string big(1 << 20, 'x');
  Sha256 pieces;
  for (size_t i = 0; i < big.size(); i += 4093)
    pieces.Update(std::string_view(big).substr(i, 4093));
  EXPECT_EQ(pieces.HexDigest(), Sha256Hex(big));
}

}  // namespace
}  // namespace ark
