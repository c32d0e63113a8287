// Unit tests of the appliance's pure parts: ustar headers, canonical order, mode normalisation, the
// ldd output parser (on captured output), the runtime-files manifest, and archive reproducibility.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "closure.h"
#include "rootfs.h"
#include "tar.h"

namespace vcb::appliance {
namespace {

namespace fs = std::filesystem;

std::string field(const std::string& header, size_t offset, size_t width) {
  const std::string raw = header.substr(offset, width);
  return raw.substr(0, raw.find('\0'));
}

unsigned checksum_of(std::string header) {
  std::fill(header.begin() + 148, header.begin() + 156, ' ');
  unsigned sum = 0;
  for (unsigned char c : header) sum += c;
  return sum;
}

TEST(UstarHeader, FileFieldsAreCanonical) {
  auto h = ustar_header({"opt/vcbench/bin/vcb-null", EntryType::file, 0755, 233528, ""});
  ASSERT_TRUE(h.ok()) << h.error().message;
  ASSERT_EQ(h->size(), 512u);
  EXPECT_EQ(field(*h, 0, 100), "opt/vcbench/bin/vcb-null");
  EXPECT_EQ(field(*h, 100, 8), "0000755");
  EXPECT_EQ(field(*h, 108, 8), "0000000");
  EXPECT_EQ(field(*h, 116, 8), "0000000");
  EXPECT_EQ(field(*h, 124, 12), "00000710070");  // 233528 in octal
  EXPECT_EQ(field(*h, 136, 12), "00000000000");  // mtime 0
  EXPECT_EQ((*h)[156], '0');
  EXPECT_EQ(h->substr(257, 8), std::string("ustar\0"
                                           "00",
                                           8));
  EXPECT_EQ(field(*h, 265, 32), "root");
  EXPECT_EQ(field(*h, 297, 32), "root");
  EXPECT_EQ(field(*h, 345, 155), "");
  EXPECT_EQ(std::strtoul(field(*h, 148, 8).c_str(), nullptr, 8), checksum_of(*h));
  EXPECT_EQ((*h)[155], ' ');  // checksum: six digits, NUL, space
}

TEST(UstarHeader, DirectoryAndSymlink) {
  auto d = ustar_header({"usr/lib", EntryType::directory, 0755, 0, ""});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(field(*d, 0, 100), "usr/lib/");
  EXPECT_EQ((*d)[156], '5');
  EXPECT_EQ(field(*d, 124, 12), "00000000000");
  auto l = ustar_header({"lib64", EntryType::symlink, 0777, 0, "usr/lib64"});
  ASSERT_TRUE(l.ok());
  EXPECT_EQ((*l)[156], '2');
  EXPECT_EQ(field(*l, 157, 100), "usr/lib64");
  EXPECT_EQ(field(*l, 100, 8), "0000777");
  EXPECT_EQ(std::strtoul(field(*l, 148, 8).c_str(), nullptr, 8), checksum_of(*l));
}

TEST(UstarHeader, LongPathsSplitIntoPrefixAtASlash) {
  const std::string dir = "usr/lib/x86_64-linux-gnu/openmpi/lib/openmpi3/" + std::string(40, 'd');
  const std::string name = std::string(60, 'n') + ".so";
  auto h = ustar_header({dir + "/" + name, EntryType::file, 0644, 1, ""});
  ASSERT_TRUE(h.ok()) << h.error().message;
  EXPECT_EQ(field(*h, 345, 155) + "/" + field(*h, 0, 100), dir + "/" + name);
  EXPECT_LE(field(*h, 0, 100).size(), 100u);
}

TEST(UstarHeader, WhatDoesNotFitIsAnError) {
  EXPECT_FALSE(ustar_header({std::string(101, 'x'), EntryType::file, 0644, 0, ""}).ok());  // no slash
  EXPECT_FALSE(
      ustar_header({std::string(200, 'a') + "/" + std::string(80, 'b'), EntryType::file, 0644, 0, ""}).ok());
  EXPECT_FALSE(ustar_header({"l", EntryType::symlink, 0777, 0, std::string(101, 't')}).ok());
  EXPECT_FALSE(ustar_header({"", EntryType::file, 0644, 0, ""}).ok());
  EXPECT_FALSE(ustar_header({"big", EntryType::file, 0644, uint64_t(1) << 33, ""}).ok());
}

TEST(UstarTrailer, IsTwoZeroBlocks) { EXPECT_EQ(ustar_trailer(), std::string(1024, '\0')); }

TEST(NormalisedMode, DirsExecutablesFilesLinks) {
  EXPECT_EQ(normalised_mode(EntryType::directory, 040700, "usr"), 0755u);
  EXPECT_EQ(normalised_mode(EntryType::directory, 041777, "tmp"), 01777u);
  EXPECT_EQ(normalised_mode(EntryType::directory, 040755, "usr/tmp"), 0755u);
  EXPECT_EQ(normalised_mode(EntryType::file, 0100700, "a"), 0755u);
  EXPECT_EQ(normalised_mode(EntryType::file, 0104755, "su"), 0755u);  // setuid dropped
  EXPECT_EQ(normalised_mode(EntryType::file, 0100600, "b"), 0644u);
  EXPECT_EQ(normalised_mode(EntryType::file, 0100664, "c"), 0644u);
  EXPECT_EQ(normalised_mode(EntryType::symlink, 0120777, "l"), 0777u);
}

TEST(CanonicalOrder, SortedByPathParentsFirst) {
  std::vector<TarEntry> e = {{"usr/lib/b", EntryType::file},    {"usr-x", EntryType::file},
                             {"usr/lib", EntryType::directory}, {"bin", EntryType::symlink},
                             {"usr", EntryType::directory},     {"usr/lib/a", EntryType::file}};
  canonical_order(e);
  std::vector<std::string> paths;
  for (const auto& x : e) paths.push_back(x.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"bin", "usr", "usr-x", "usr/lib", "usr/lib/a", "usr/lib/b"}));
}

// Captured from `ldd build/bin/vcb-null build/bin/vcb-hello-static /usr/bin/dash` on Debian 12.
constexpr const char* ldd_many =
    "build/bin/vcb-null:\n"
    "\tlinux-vdso.so.1 (0x00007fb90049e000)\n"
    "\tlibbenchmark.so.1debian => /lib/x86_64-linux-gnu/libbenchmark.so.1debian (0x00007fb900406000)\n"
    "\tlibstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007fb900000000)\n"
    "\tlibm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x00007fb900326000)\n"
    "\tlibgcc_s.so.1 => /lib/x86_64-linux-gnu/libgcc_s.so.1 (0x00007fb900306000)\n"
    "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007fb8ffe1e000)\n"
    "\t/lib64/ld-linux-x86-64.so.2 (0x00007fb9004a0000)\n"
    "build/bin/vcb-hello-static:\n"
    "\tnot a dynamic executable\n"
    "/usr/bin/dash:\n"
    "\tlinux-vdso.so.1 (0x00007f5cdcf1d000)\n"
    "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f5cdcd06000)\n"
    "\t/lib64/ld-linux-x86-64.so.2 (0x00007f5cdcf1f000)\n";

TEST(ParseLdd, SeveralFilesWithHeaders) {
  const LddReport r =
      parse_ldd(ldd_many, {"build/bin/vcb-null", "build/bin/vcb-hello-static", "/usr/bin/dash"});
  EXPECT_TRUE(r.missing.empty());
  EXPECT_EQ(r.libraries.at("build/bin/vcb-null"),
            (std::vector<std::string>{
                "/lib/x86_64-linux-gnu/libbenchmark.so.1debian", "/lib/x86_64-linux-gnu/libstdc++.so.6",
                "/lib/x86_64-linux-gnu/libm.so.6", "/lib/x86_64-linux-gnu/libgcc_s.so.1",
                "/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2"}));
  EXPECT_TRUE(r.libraries.at("build/bin/vcb-hello-static").empty());
  EXPECT_EQ(r.libraries.at("/usr/bin/dash"),
            (std::vector<std::string>{"/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2"}));
}

TEST(ParseLdd, OneFileHasNoHeaderAndMissingLibrariesAreReported) {
  const char* out =
      "\tlinux-vdso.so.1 (0x00007ffd)\n"
      "\tlibmpi.so.40 => not found\n"
      "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f08)\n"
      "\t/lib64/ld-linux-x86-64.so.2 (0x00007f08)\n";
  const LddReport r = parse_ldd(out, {"/x/vcb-mpi"});
  EXPECT_EQ(r.libraries.at("/x/vcb-mpi"),
            (std::vector<std::string>{"/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2"}));
  ASSERT_EQ(r.missing.count("/x/vcb-mpi"), 1u);
  EXPECT_EQ(r.missing.at("/x/vcb-mpi"), std::vector<std::string>{"libmpi.so.40"});
}

TEST(ParseLdd, StaticallyLinkedListsNothing) {
  const LddReport r = parse_ldd("\tstatically linked\n", {"/x/a"});
  EXPECT_TRUE(r.libraries.at("/x/a").empty());
  EXPECT_TRUE(r.missing.empty());
}

TEST(RuntimeManifest, SectionsCommentsAndErrors) {
  auto rules = parse_runtime_manifest(
      "# comment\n/etc/always.conf  # trailing\n\n[needs "
      "libmpi.so.40]\n/usr/lib/mpi/*\n[always]\n/usr/share/x\n");
  ASSERT_TRUE(rules.ok()) << rules.error().message;
  ASSERT_EQ(rules->size(), 3u);
  EXPECT_EQ((*rules)[0].pattern, "/etc/always.conf");
  EXPECT_EQ((*rules)[0].needs, "");
  EXPECT_EQ((*rules)[1].pattern, "/usr/lib/mpi/*");
  EXPECT_EQ((*rules)[1].needs, "libmpi.so.40");
  EXPECT_EQ((*rules)[2].needs, "");
  EXPECT_FALSE(parse_runtime_manifest("relative/path\n").ok());
  EXPECT_FALSE(parse_runtime_manifest("[sometimes]\n").ok());
}

TEST(RuntimeManifest, TheShippedManifestParses) {
  auto rules = parse_runtime_manifest(builtin_runtime_manifest());
  ASSERT_TRUE(rules.ok()) << rules.error().message;
  EXPECT_FALSE(rules->empty());
  for (const auto& r : *rules) EXPECT_EQ(r.needs, "libmpi.so.40") << r.pattern;  // nothing unconditional yet
}

class ApplianceFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/vcb-appliance-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& rel, const std::string& text,
             fs::perms perms = fs::perms::owner_read | fs::perms::owner_write) {
    fs::create_directories(fs::path(dir_ + "/" + rel).parent_path());
    std::ofstream(dir_ + "/" + rel) << text;
    fs::permissions(dir_ + "/" + rel, perms);
  }
  std::string dir_;
};

TEST_F(ApplianceFiles, RuleExpansionHonoursConditionsAndSkipsWhatIsAbsent) {
  write("mpi/a.so", "a");
  write("mpi/b.so", "b");
  write("always.txt", "x");
  const std::vector<RuntimeRule> rules = {
      {dir_ + "/mpi/*.so", "libmpi.so.40"}, {dir_ + "/always.txt", ""}, {dir_ + "/absent/*", ""}};
  EXPECT_EQ(expand_runtime_rules(rules, {}), std::vector<std::string>{dir_ + "/always.txt"});
  EXPECT_EQ(expand_runtime_rules(rules, {"libmpi.so.40"}),
            (std::vector<std::string>{dir_ + "/always.txt", dir_ + "/mpi/a.so", dir_ + "/mpi/b.so"}));
}

TEST_F(ApplianceFiles, ArchiveIsReproducibleAndIgnoresTimesAndHostModes) {
  write("root/usr/bin/tool", "#!/bin/sh\n", fs::perms::owner_all);
  write("root/usr/share/data", std::string(1000, 'd'));
  fs::create_symlink("usr/bin", dir_ + "/root/bin");
  auto first = scan_tree(dir_ + "/root");
  ASSERT_TRUE(first.ok()) << first.error().message;
  auto a = write_tar(dir_ + "/root", *first, dir_ + "/a.tar");
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->bytes % 512, 0u);
  EXPECT_EQ(a->bytes, 512u * (6 + 1 + 2) + 1024);  // 6 headers, 1 + 2 data blocks, trailer

  // Touch everything and change host modes within one class: the archive must not change.
  fs::last_write_time(dir_ + "/root/usr/share/data",
                      fs::file_time_type::clock::now() - std::chrono::hours(5));
  fs::permissions(dir_ + "/root/usr/bin/tool", fs::perms::owner_exec | fs::perms::owner_read);
  fs::permissions(dir_ + "/root/usr/share/data", fs::perms::owner_read | fs::perms::group_write);
  auto second = scan_tree(dir_ + "/root");
  ASSERT_TRUE(second.ok());
  auto b = write_tar(dir_ + "/root", *second, dir_ + "/b.tar");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a->sha256_hex, b->sha256_hex);

  std::vector<std::string> paths;
  for (const auto& e : *second) paths.push_back(e.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"bin", "usr", "usr/bin", "usr/bin/tool", "usr/share",
                                             "usr/share/data"}));
  EXPECT_EQ((*second)[0].link_target, "usr/bin");
  EXPECT_EQ((*second)[3].mode, 0755u);
  EXPECT_EQ((*second)[5].mode, 0644u);
}

TEST_F(ApplianceFiles, HostPathsAreMirroredWithEveryLinkOnTheWay) {
  // host/lib -> sub (relative), host/sub/real.so, host/sub/alias.so -> real.so,
  // host/abs -> <dir>/host/lib/alias.so (absolute), host/up/back -> ../sub, host/sub/data/x.txt
  const std::string host = dir_ + "/host";
  write("host/sub/real.so", "elf", fs::perms::owner_all);
  write("host/sub/data/x.txt", "x");
  fs::create_directories(host + "/up");
  fs::create_symlink("sub", host + "/lib");
  fs::create_symlink("real.so", host + "/sub/alias.so");
  fs::create_symlink(host + "/lib/alias.so", host + "/abs");
  fs::create_symlink("../sub", host + "/up/back");
  const std::string root = dir_ + "/root";
  fs::create_directories(root);
  RootfsWriter w(root);

  auto r = w.add_host_path(host + "/abs");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, host + "/sub/real.so");
  EXPECT_EQ(fs::read_symlink(root + host + "/abs").string(), host + "/lib/alias.so");
  EXPECT_EQ(fs::read_symlink(root + host + "/lib").string(), "sub");
  EXPECT_EQ(fs::read_symlink(root + host + "/sub/alias.so").string(), "real.so");
  EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(root + host + "/sub/real.so")));
  EXPECT_EQ(fs::status(root + host + "/sub/real.so").permissions() & fs::perms::all, fs::perms(0755));
  EXPECT_FALSE(fs::exists(root + host + "/sub/data"));  // only what was asked for

  auto tree = w.add_host_path(host + "/up/back/");  // a folder: copied whole
  ASSERT_TRUE(tree.ok()) << tree.error().message;
  EXPECT_EQ(*tree, host + "/sub");
  EXPECT_EQ(fs::read_symlink(root + host + "/up/back").string(), "../sub");
  EXPECT_TRUE(fs::is_regular_file(root + host + "/sub/data/x.txt"));
  EXPECT_EQ(fs::status(root + host + "/sub/data/x.txt").permissions() & fs::perms::all, fs::perms(0644));

  EXPECT_FALSE(w.add_host_path(host + "/missing").ok());
  EXPECT_FALSE(w.add_host_path("relative/path").ok());
  EXPECT_FALSE(w.add_host_path(host + "/sub/real.so/below").ok());
}

}  // namespace
}  // namespace vcb::appliance
