#include "tar.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "util/sha256.h"

namespace vcb::appliance {
namespace fs = std::filesystem;
namespace {

constexpr size_t block_size = 512;

// Writes `value` as zero-padded octal filling width-1 digits plus a NUL, as ustar expects.
bool put_octal(char* field, size_t width, uint64_t value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*llo", static_cast<int>(width - 1),
                static_cast<unsigned long long>(value));
  if (std::strlen(buf) != width - 1) return false;
  std::memcpy(field, buf, width);  // includes the NUL
  return true;
}

void put_text(char* field, const std::string& text) { std::memcpy(field, text.data(), text.size()); }

// ustar stores long paths as prefix (155) + "/" + name (100); the split must fall on a "/".
bool split_path(const std::string& path, std::string& prefix, std::string& name) {
  if (path.size() <= 100) {
    prefix.clear();
    name = path;
    return true;
  }
  for (size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
    if (slash <= 155 && path.size() - slash - 1 <= 100 && path.size() - slash - 1 > 0) {
      prefix = path.substr(0, slash);
      name = path.substr(slash + 1);
      return true;
    }
  }
  return false;
}

}  // namespace

uint32_t normalised_mode(EntryType type, uint32_t host_mode, const std::string& path) {
  if (type == EntryType::symlink) return 0777;
  if (type == EntryType::directory) return path == "tmp" ? 01777 : 0755;
  return (host_mode & 0111) ? 0755 : 0644;
}

void canonical_order(std::vector<TarEntry>& entries) {
  std::sort(entries.begin(), entries.end(),
            [](const TarEntry& a, const TarEntry& b) { return a.path < b.path; });
}

Result<std::string> ustar_header(const TarEntry& e) {
  std::string h(block_size, '\0');
  char* p = h.data();
  std::string prefix, name;
  const std::string stored = e.type == EntryType::directory ? e.path + "/" : e.path;
  if (e.path.empty() || !split_path(stored, prefix, name))
    return Error{"appliance: path does not fit a ustar header (255 bytes, names 100): " + e.path, 1};
  if (e.link_target.size() > 100)
    return Error{"appliance: symlink target longer than 100 bytes: " + e.path + " -> " + e.link_target, 1};
  put_text(p + 0, name);
  const uint64_t size = e.type == EntryType::file ? e.size : 0;
  if (!put_octal(p + 100, 8, e.mode) || !put_octal(p + 108, 8, 0) || !put_octal(p + 116, 8, 0) ||
      !put_octal(p + 124, 12, size) || !put_octal(p + 136, 12, 0))
    return Error{"appliance: file too large for ustar (8 GiB): " + e.path, 1};
  p[156] = e.type == EntryType::file ? '0' : e.type == EntryType::directory ? '5' : '2';
  put_text(p + 157, e.link_target);
  put_text(p + 257, std::string("ustar\0", 6));
  put_text(p + 263, "00");
  put_text(p + 265, "root");
  put_text(p + 297, "root");
  put_octal(p + 329, 8, 0);
  put_octal(p + 337, 8, 0);
  put_text(p + 345, prefix);
  // The checksum is computed with its own field read as eight spaces.
  std::memset(p + 148, ' ', 8);
  unsigned sum = 0;
  for (unsigned char c : h) sum += c;
  char chk[8];
  std::snprintf(chk, sizeof chk, "%06o", sum);
  std::memcpy(p + 148, chk, 7);  // six digits and a NUL; the eighth byte stays a space
  return h;
}

std::string ustar_trailer() { return std::string(2 * block_size, '\0'); }

Result<std::vector<TarEntry>> scan_tree(const std::string& root_dir) {
  std::vector<TarEntry> entries;
  std::error_code ec;
  const fs::path root = fs::path(root_dir).lexically_normal();
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    struct stat st;
    if (lstat(p.c_str(), &st) != 0)
      return Error{"appliance: cannot stat " + p.string() + ": " + std::strerror(errno), 1};
    TarEntry e;
    e.path = p.lexically_relative(root).generic_string();  // lexical: never resolves the entry's own links
    if (S_ISDIR(st.st_mode)) {
      e.type = EntryType::directory;
    } else if (S_ISLNK(st.st_mode)) {
      e.type = EntryType::symlink;
      e.link_target = fs::read_symlink(p, ec).string();
      if (ec) break;
    } else if (S_ISREG(st.st_mode)) {
      e.size = static_cast<uint64_t>(st.st_size);
    } else {
      return Error{"appliance: not a file, folder or symlink: " + p.string(), 1};
    }
    e.mode = normalised_mode(e.type, st.st_mode, e.path);
    entries.push_back(std::move(e));
  }
  if (ec) return Error{"appliance: cannot read " + root_dir + ": " + ec.message(), 1};
  canonical_order(entries);
  return entries;
}

Result<TarResult> write_tar(const std::string& root_dir, const std::vector<TarEntry>& entries,
                            const std::string& out_path) {
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  if (!out) return Error{"appliance: cannot write " + out_path + ": " + std::strerror(errno), 1};
  Sha256 hash;
  TarResult r;
  auto emit = [&](std::string_view bytes) {
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    hash.update(bytes);
    r.bytes += bytes.size();
  };
  std::vector<char> buf(1 << 20);
  for (const TarEntry& e : entries) {
    auto header = ustar_header(e);
    if (!header) return header.error();
    emit(*header);
    if (e.type != EntryType::file) continue;
    std::ifstream in(root_dir + "/" + e.path, std::ios::binary);
    uint64_t copied = 0;
    while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0) {
      emit(std::string_view(buf.data(), static_cast<size_t>(in.gcount())));
      copied += static_cast<uint64_t>(in.gcount());
    }
    // A size that changed since the scan would shift every later header: refuse, do not guess.
    if (copied != e.size) return Error{"appliance: " + e.path + " changed while archiving; build again", 1};
    if (const size_t pad = (block_size - e.size % block_size) % block_size) emit(std::string(pad, '\0'));
  }
  emit(ustar_trailer());
  out.flush();
  if (!out) return Error{"appliance: writing " + out_path + " failed: " + std::strerror(errno), 1};
  r.sha256_hex = hash.hex_digest();
  return r;
}

}  // namespace vcb::appliance
