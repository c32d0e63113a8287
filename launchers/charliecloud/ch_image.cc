#include "charliecloud/ch_image.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "appliance/tar.h"
#include "common/subprocess.h"
#include "util/sha256.h"

namespace vcb {
namespace fs = std::filesystem;
namespace {

ProcessResult run_tool(const std::vector<std::string>& argv, double timeout_s) {
  ProcessOptions o;
  o.timeout_s = timeout_s;
  const char* user = std::getenv("USER");
  o.env = {std::string("USER=") + (user && *user ? user : "root")};  // ch-convert needs it, like ch-run
  return run_process(argv, o);
}

Result<std::string> file_digest(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot read the image " + path + "; name a file, a directory, docker:REF or podman:REF"};
  Sha256 h;
  std::string buf(1 << 20, '\0');
  while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0)
    h.update(std::string_view(buf.data(), static_cast<size_t>(in.gcount())));
  return "sha256:" + h.hex_digest();
}

Result<std::string> engine_image_id(const std::string& engine, const std::string& ref) {
  const auto r = run_tool({engine, "image", "inspect", "--format", "{{.Id}}", ref}, 60);
  const std::string id = first_line(r.out);
  if (r.exit_code != 0 || id.empty())
    return Error{engine + " has no image " + ref + " (" + first_line(r.err_tail) + "); build or pull it first"};
  return id.rfind("sha256:", 0) == 0 ? id : "sha256:" + id;
}

Result<std::string> tree_digest(const std::string& dir) {
  auto entries = appliance::scan_tree(dir);
  if (!entries) return entries.error();
  auto tar = appliance::write_tar(dir, *entries, "/dev/null");
  if (!tar) return tar.error();
  return "sha256:" + tar->sha256_hex;
}

std::string safe_name(std::string s) {
  for (char& c : s) if (!isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') c = '_';
  return s;
}

}  // namespace

Result<ChImage> prepare_ch_image(const std::string& named, const std::string& work_dir) {
  ChImage img;
  img.source = named;
  std::string engine;
  for (const char* e : {"docker", "podman"})
    if (named.rfind(std::string(e) + ":", 0) == 0) engine = e;
  if (!engine.empty()) {
    auto id = engine_image_id(engine, named.substr(engine.size() + 1));
    if (!id) return id.error();
    img.source_format = engine;
    img.source_digest = *id;
  } else if (fs::is_directory(named)) {
    img.source_format = "dir";
    img.dir = named;
  } else {
    auto digest = file_digest(named);
    if (!digest) return digest.error();
    img.source_format = named.find(".sqfs") != std::string::npos || named.find(".squash") != std::string::npos
                            ? "squash" : "tar";
    img.source_digest = *digest;
  }
  if (img.dir.empty()) {
    if (find_program("ch-convert").empty())
      return Error{"ch-convert is not installed; apt-get install charliecloud (scripts/install-deps.sh does)"};
    fs::create_directories(work_dir);
    img.dir = work_dir + "/" + safe_name(named);
    std::vector<std::string> argv{"ch-convert", "-o", "dir"};
    if (!engine.empty()) argv.insert(argv.end(), {"-i", engine, named.substr(engine.size() + 1)});
    else argv.push_back(named);
    argv.push_back(img.dir);
    const auto r = run_tool(argv, 600);
    if (r.exit_code != 0)
      return Error{"ch-convert could not convert " + named + ": " + first_line(r.err_tail.empty() ? r.out : r.err_tail)};
    img.converted = true;
  }
  auto tree = tree_digest(img.dir);
  if (!tree) return tree.error();
  img.tree_digest = *tree;
  if (img.source_format == "dir") img.source_digest = img.tree_digest;
  return img;
}

}  // namespace vcb
