#include "run/run_folder.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace vcb {
namespace fs = std::filesystem;
namespace {

bool write_all(int fd, const std::string& data) {
  const char* p = data.data();
  size_t left = data.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    left -= static_cast<size_t>(n);
  }
  return true;
}

bool write_file_atomically(const std::string& path, const std::string& data) {
  const std::string tmp = path + ".tmp";
  const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  const bool ok = write_all(fd, data) && fsync(fd) == 0;
  close(fd);
  return ok && rename(tmp.c_str(), path.c_str()) == 0;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Keeps the complete lines of complete measurements; returns the kept text and the keys.
std::string repair(const std::string& text, std::set<std::string>& completed) {
  std::vector<std::pair<std::string, nlohmann::json>> lines;
  std::map<std::string, int> seen, expected;
  size_t start = 0;
  for (size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1) {
    const std::string line = text.substr(start, nl - start);
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.contains("run")) continue;
    const std::string key = j["run"].value("measurement", "");
    seen[key] += 1;
    expected[key] = j["run"].value("parts", 1);
    lines.emplace_back(line, std::move(j));
  }
  std::string kept;
  for (const auto& [line, j] : lines) {
    const std::string key = j["run"].value("measurement", "");
    if (seen[key] != expected[key]) continue;
    kept += line + '\n';
    completed.insert(key);
  }
  return kept;
}

}  // namespace

Result<RunFolder> RunFolder::create(const std::string& dir) {
  std::error_code ec;
  if (fs::exists(dir + "/run.json", ec) || fs::exists(dir + "/records.jsonl", ec))
    return Error{dir + " already holds a run; finish it with --resume " + dir + " or choose another --out"};
  fs::create_directories(dir, ec);
  const std::string probe = dir + "/.write-test";
  const int fd = open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (ec || fd < 0)
    return Error{"cannot write to " + dir + ": " + (ec ? ec.message() : std::string(strerror(errno))) +
                 "; choose a writable --out folder"};
  close(fd);
  unlink(probe.c_str());
  RunFolder f;
  f.dir_ = dir;
  return f;
}

Result<RunFolder> RunFolder::reopen(const std::string& dir) {
  if (!fs::exists(dir + "/run.json"))
    return Error{dir + " holds no run (no run.json); start one with vcbench run --suite NAME --out " + dir};
  RunFolder f;
  f.dir_ = dir;
  const std::string text = read_file(f.records_path());
  const std::string kept = repair(text, f.completed_);
  if (kept.size() != text.size() && !write_file_atomically(f.records_path(), kept))
    return Error{"cannot repair " + f.records_path() + ": " + strerror(errno) + "; check the folder is writable"};
  return f;
}

Result<nlohmann::json> RunFolder::read_manifest() const {
  auto j = nlohmann::json::parse(read_file(dir_ + "/run.json"), nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Error{dir_ + "/run.json is not valid JSON; the run cannot be resumed, start a new one"};
  return j;
}

bool RunFolder::write_manifest(const nlohmann::json& manifest) const {
  return write_file_atomically(dir_ + "/run.json", manifest.dump(2) + "\n");
}

bool RunFolder::append(const std::vector<nlohmann::json>& records) const {
  std::string text;
  for (const auto& r : records) text += r.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + '\n';
  const int fd = open(records_path().c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  const bool ok = write_all(fd, text) && fdatasync(fd) == 0;
  close(fd);
  return ok;
}

Result<std::vector<nlohmann::json>> read_records(const std::string& dir) {
  if (!fs::exists(dir + "/records.jsonl"))
    return Error{dir + " has no records.jsonl; give the folder a run wrote (results/runs/<run-id>)"};
  std::ifstream in(dir + "/records.jsonl");
  std::vector<nlohmann::json> out;
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_discarded()) out.push_back(std::move(j));
  }
  return out;
}

}  // namespace vcb
