#pragma once
// The canonical archive of a root file system: ustar, entries sorted by path, mtime 0, owner 0:0
// "root", normalised modes, symlinks kept, no extended headers. Nothing about the host or the time
// of the build reaches the bytes, so the same tree always gives the same archive and digest.
#include <cstdint>
#include <string>
#include <vector>

#include "util/result.h"

namespace vcb::appliance {

struct Ok {};  // Result<Ok>: success without a value

enum class EntryType { file, directory, symlink };

struct TarEntry {
  std::string path;  // relative to the root, no leading "/" or "./", no trailing "/"
  EntryType type = EntryType::file;
  uint32_t mode = 0644;     // already normalised (see normalised_mode)
  uint64_t size = 0;        // files only
  std::string link_target;  // symlinks only, as stored in the link
};

// 0755 for directories and for files with any execute bit, 0644 for other files, 0777 for symlinks;
// "tmp" keeps the sticky, world-writable 01777 every Linux root file system has.
uint32_t normalised_mode(EntryType type, uint32_t host_mode, const std::string& path);

// Sorts by path bytes. A directory's path is a prefix of its children's, so it always comes first.
void canonical_order(std::vector<TarEntry>& entries);

// One 512-byte ustar header; an error when the path or link does not fit ustar's fields.
Result<std::string> ustar_header(const TarEntry& entry);

// The ustar end of archive: two zero blocks.
std::string ustar_trailer();

// Every entry under root_dir (not following symlinks), with normalised modes, in canonical order.
Result<std::vector<TarEntry>> scan_tree(const std::string& root_dir);

struct TarResult {
  std::string sha256_hex;  // of the archive's bytes
  uint64_t bytes = 0;
};

// Writes the archive of `entries` (contents read from root_dir) to out_path, hashing as it goes.
Result<TarResult> write_tar(const std::string& root_dir, const std::vector<TarEntry>& entries,
                            const std::string& out_path);

}  // namespace vcb::appliance
