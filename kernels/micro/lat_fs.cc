// lmbench-style lat_fs: file create and delete rates in --dir.
// One invocation emits two records, params op=create and op=delete (calibration points "create"
// and "delete"); n = the iteration count = files per interval (or --files N to fix it).
//   create: per op creat(name, 0666) + write(--size-kb KB) + close() [+ fsync before close with
//           --fsync 1]; no fsync by default (lmbench).
//   delete: per op unlink(name).
// Outside the timed window, per interval (vcb::time_manual): the names and the directory tree
// (at most 100 entries per directory, nested as deep as needed, as lmbench) are generated and
// created; for delete the files are created too; afterwards the create test checks every file
// (regular, right size) and removes them, and the delete test checks every directory is empty.
// Reported: files per second (rate, ops/s, higher is better); per-op latency kept in detail.
// The tree lives under DIR/vcb-lat_fs.<pid>, removed at the end whatever happened.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "process_support.h"
#include "vcb/context.h"
#include "vcb/kernel.h"
#include "vcb/median.h"
#include "vcb/timer.h"

namespace {

using vcb::micro::errno_text;

constexpr int files_per_dir = 100;

struct Setup {
  std::string base;          // DIR/vcb-lat_fs.<pid>
  std::vector<char> buffer;  // the bytes written per file
  bool fsync_each = false;
  int64_t fixed_files = 0;  // --files, 0 = calibrated
  std::string error;        // first failure, for the record
};

struct Tree {
  std::vector<std::string> dirs;   // absolute, parents first
  std::vector<std::string> files;  // absolute
};

std::string make_tree(const Setup& s, int64_t n, Tree& t) {
  t = {};
  const std::vector<std::string> names = vcb::micro::nested_file_names(n, files_per_dir);
  for (const std::string& f : names) t.files.push_back(s.base + "/" + f);
  for (const std::string& d : vcb::micro::parent_dirs(names)) t.dirs.push_back(s.base + "/" + d);
  for (const std::string& d : t.dirs)
    if (mkdir(d.c_str(), 0777) != 0) return errno_text("mkdir " + d);
  return "";
}

std::string remove_dirs(const Tree& t) {
  for (auto it = t.dirs.rbegin(); it != t.dirs.rend(); ++it)
    if (rmdir(it->c_str()) != 0) return errno_text("rmdir " + *it);
  return "";
}

std::string close_after(int fd, const std::string& error) {
  close(fd);
  return error;
}

// The timed create loop; returns an error message, empty on success.
std::string create_files(const Setup& s, const Tree& t) {
  const size_t size = s.buffer.size();
  for (const std::string& f : t.files) {
    const int fd = creat(f.c_str(), 0666);
    if (fd < 0) return errno_text("creat " + f);
    if (size > 0 && write(fd, s.buffer.data(), size) != static_cast<ssize_t>(size))
      return close_after(fd, errno_text("write " + f) + " (or short write)");
    if (s.fsync_each && fsync(fd) != 0) return close_after(fd, errno_text("fsync " + f));
    if (close(fd) != 0) return errno_text("close " + f);
  }
  return "";
}

std::string check_files(const Tree& t, size_t size) {
  struct stat st;
  for (const std::string& f : t.files) {
    if (stat(f.c_str(), &st) != 0) return errno_text("stat " + f);
    if (!S_ISREG(st.st_mode) || st.st_size != static_cast<off_t>(size))
      return f + " is not a regular file of " + std::to_string(size) + " bytes";
  }
  return "";
}

std::string unlink_files(const Tree& t) {
  for (const std::string& f : t.files)
    if (unlink(f.c_str()) != 0) return errno_text("unlink " + f);
  return "";
}

// Every directory of the tree (and the base) holds nothing but its subdirectories.
std::string check_empty(const Setup& s, const Tree& t) {
  std::vector<std::string> all = t.dirs;
  all.insert(all.begin(), s.base);
  for (const std::string& d : all) {
    DIR* dir = opendir(d.c_str());
    if (!dir) return errno_text("opendir " + d);
    std::string left;
    while (const dirent* e = readdir(dir)) {
      const std::string name = e->d_name;
      if (name == "." || name == "..") continue;
      struct stat st;  // d_type may be DT_UNKNOWN (some network and FUSE file systems)
      const bool is_dir =
          e->d_type == DT_DIR ||
          (e->d_type == DT_UNKNOWN && lstat((d + "/" + name).c_str(), &st) == 0 && S_ISDIR(st.st_mode));
      if (!is_dir) left = name;
    }
    closedir(dir);
    if (!left.empty()) return d + " still holds " + left + " after the deletes";
  }
  return "";
}

double fail(Setup& s, const std::string& e) {
  if (s.error.empty()) s.error = e;
  return -1;
}

double create_interval(Setup& s, int64_t n) {
  Tree t;
  if (std::string e = make_tree(s, n, t); !e.empty()) return fail(s, e);
  const int64_t start = vcb::now_ns();
  const std::string e = create_files(s, t);
  const double seconds = vcb::seconds_since(start);
  if (!e.empty()) return fail(s, e);
  if (std::string c = check_files(t, s.buffer.size()); !c.empty()) return fail(s, c);
  if (std::string u = unlink_files(t); !u.empty()) return fail(s, u);
  if (std::string r = remove_dirs(t); !r.empty()) return fail(s, r);
  return seconds;
}

double delete_interval(Setup& s, int64_t n) {
  Tree t;
  if (std::string e = make_tree(s, n, t); !e.empty()) return fail(s, e);
  if (std::string e = create_files(s, t); !e.empty()) return fail(s, e);
  if (std::string c = check_files(t, s.buffer.size()); !c.empty()) return fail(s, c);
  const int64_t start = vcb::now_ns();
  const std::string e = unlink_files(t);
  const double seconds = vcb::seconds_since(start);
  if (!e.empty()) return fail(s, e);
  if (std::string c = check_empty(s, t); !c.empty()) return fail(s, c);
  if (std::string r = remove_dirs(t); !r.empty()) return fail(s, r);
  return seconds;
}

vcb::Plan plan_for(const vcb::Plan& base, const Setup& s) {
  return s.fixed_files > 0 ? vcb::micro::fixed_plan(base, s.fixed_files) : base;
}

// After a failed interval the tree may be half built: start the next series from an empty base.
std::string reset_base(const Setup& s) {
  std::error_code ec;
  std::filesystem::remove_all(s.base, ec);
  if (ec) return "cannot clean " + s.base + ": " + ec.message();
  return mkdir(s.base.c_str(), 0700) == 0 ? "" : errno_text("mkdir " + s.base);
}

void emit(vcb::Kernel& k, const Setup& s, const std::string& op, vcb::Series series, const std::string& dir) {
  if (!s.error.empty()) series.error = s.error;
  nlohmann::json params = {{"op", op}};
  if (op == "create" && s.fsync_each) params["fsync"] = 1;
  const std::vector<double> latency = series.per_op(1e6);
  const nlohmann::json detail = {
      {"operation",
       op == "create" ? (s.fsync_each ? "creat+write+fsync+close" : "creat+write+close") : "unlink"},
      {"file_bytes", s.buffer.size()},
      {"files_per_interval", series.iterations},
      {"files_per_dir", files_per_dir},
      {"latency_us", vcb::median(latency)},
      {"latency_us_samples", latency},
      {"filesystem", vcb::filesystem_of(dir)}};
  const std::string validation = op == "create" ? "every created file existed with the right size"
                                                : "every directory was empty after the deletes";
  k.emit({.point = op,
          .params = params,
          .metric = "rate",
          .unit = "ops/s",
          .better = vcb::Better::higher,
          .series = series,
          .values = series.rate(1.0),
          .detail = detail,
          .passed = s.error.empty(),
          .validation = validation});
}

}  // namespace

int main(int argc, char** argv) {
  vcb::Kernel k("lat_fs", argc, argv);
  const long long size_kb = k.param_int("size-kb", 0);
  const std::string dir = k.option("dir", "/tmp");
  const std::string files_text = k.option("files", "0");
  const std::string fsync_text = k.option("fsync", "0");
  k.begin();
  char* end = nullptr;
  const long long files = std::strtoll(files_text.c_str(), &end, 10);
  if (*end != '\0' || files < 0) k.usage_error("--files must be an integer >= 0 (0 = calibrated)");
  if (fsync_text != "0" && fsync_text != "1") k.usage_error("--fsync must be 0 or 1");
  if (size_kb < 0 || size_kb > 1024 * 1024) k.usage_error("--size-kb must be 0..1048576");
  const bool fsync_each = fsync_text == "1";

  Setup s;
  s.base = dir + "/vcb-lat_fs." + std::to_string(getpid());
  s.buffer.assign(static_cast<size_t>(size_kb) * 1024, 'v');
  s.fsync_each = fsync_each;
  s.fixed_files = files;
  if (mkdir(s.base.c_str(), 0700) != 0) {
    k.emit_failure(errno_text("mkdir " + s.base));
    return k.finish();
  }
  const vcb::Series created =
      vcb::time_manual(plan_for(k.plan(), s), "create", [&](int64_t n) { return create_interval(s, n); });
  emit(k, s, "create", created, dir);
  if (!s.error.empty()) s.error = reset_base(s);
  const vcb::Series deleted =
      vcb::time_manual(plan_for(k.plan(), s), "delete", [&](int64_t n) { return delete_interval(s, n); });
  emit(k, s, "delete", deleted, dir);

  std::error_code ec;  // leave nothing behind, even after a failure mid-interval
  std::filesystem::remove_all(s.base, ec);
  if (ec) std::fprintf(stderr, "vcb-lat_fs: could not remove %s: %s\n", s.base.c_str(), ec.message().c_str());
  return k.finish();
}
