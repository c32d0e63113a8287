#include "trace/swf_reader.h"

#include <cmath>
#include <cstdlib>
#include <vector>

namespace vcb::sim {
namespace {

constexpr int kFields = 18;
// 1-based SWF field numbers the simulator reads.
constexpr int kJobNumber = 1, kSubmit = 2, kRunTime = 4, kAllocated = 5, kRequestedProcs = 8,
              kRequestedTime = 9;

Error bad(const std::string& where, const std::string& what) {
  return Error{where + ": " + what + "; fix or remove that line (SWF: 18 numeric fields, -1 = unknown)"};
}

// SWF allows floating point in time fields; the simulator works in whole seconds. strtod on the
// line itself: a year of a large site is millions of fields.
Result<std::vector<double>> split_fields(const std::string& text, const std::string& where) {
  std::vector<double> fields;
  fields.reserve(kFields);
  const char* p = text.c_str();
  while (true) {
    while (*p == ' ' || *p == '\t' || *p == '\r') ++p;
    if (*p == '\0') break;
    char* end = nullptr;
    const double v = std::strtod(p, &end);
    const bool separated = *end == '\0' || *end == ' ' || *end == '\t' || *end == '\r';
    if (end == p || !separated || !std::isfinite(v)) {
      const char* word_end = p;
      while (*word_end && *word_end != ' ' && *word_end != '\t' && *word_end != '\r') ++word_end;
      return bad(where, "field " + std::to_string(fields.size() + 1) + " is '" + std::string(p, word_end) +
                            "', not a number");
    }
    fields.push_back(v);
    p = end;
  }
  if (fields.size() != kFields)
    return bad(where,
               "expected " + std::to_string(kFields) + " fields, found " + std::to_string(fields.size()));
  return fields;
}

int64_t seconds(double v) { return static_cast<int64_t>(std::llround(v)); }

// Allocated processors, or the request when the allocation is unknown (-1).
Result<int64_t> size_of(const std::vector<double>& f, const std::string& where) {
  const double allocated = f[kAllocated - 1], requested = f[kRequestedProcs - 1];
  const double size = allocated == -1 ? requested : allocated;
  if (size != std::floor(size))
    return bad(where, "processor count " + std::to_string(size) + " is not whole");
  if (size < 0)
    return bad(where, allocated == -1 && requested == -1
                          ? std::string("job has no size (fields 5 and 8 are both -1)")
                          : "negative size " + std::to_string(static_cast<int64_t>(size)));
  return static_cast<int64_t>(size);
}

}  // namespace

Result<std::optional<Job>> parse_swf_line(const std::string& text, const std::string& where,
                                          SwfSkips& skips) {
  auto fields = split_fields(text, where);
  if (!fields) return fields.error();
  const auto& f = *fields;
  auto size = size_of(f, where);
  if (!size) return size.error();
  if (f[kSubmit - 1] < 0) return bad(where, "negative submit time");
  if (f[kRunTime - 1] < -1) return bad(where, "negative run time");
  if (f[kRunTime - 1] == -1) {
    ++skips.no_runtime;
    return std::optional<Job>();
  }
  if (*size == 0) {
    ++skips.zero_size;
    return std::optional<Job>();
  }
  Job job;
  job.id = static_cast<int64_t>(f[kJobNumber - 1]);
  job.submit = seconds(f[kSubmit - 1]);
  job.runtime = std::max<int64_t>(1, seconds(f[kRunTime - 1]));          // 0 = "ran under 0.5 s"
  job.estimate = std::max(job.runtime, seconds(f[kRequestedTime - 1]));  // -1 (unknown) -> the run time
  job.size = *size;
  return std::optional<Job>(job);
}

Result<std::unique_ptr<SwfReader>> SwfReader::open(const std::string& path) {
  std::unique_ptr<SwfReader> r(new SwfReader(path));
  if (!r->in_) return Error{"cannot open trace " + path + "; give a readable SWF file"};
  return r;
}

Result<std::optional<Job>> SwfReader::next() {
  std::string text;
  while (std::getline(in_, text)) {
    ++line_;
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string::npos || text[first] == ';') continue;
    const std::string where = path_ + ":" + std::to_string(line_);
    auto job = parse_swf_line(text, where, skips_);
    if (!job) return job.error();
    if (!*job) continue;
    Job j = **job;
    if (j.submit < last_submit_)
      return bad(where, "submit time " + std::to_string(j.submit) + " is before the previous job's " +
                            std::to_string(last_submit_) + " (SWF lines are sorted by submit time)");
    last_submit_ = j.submit;
    j.line = line_;
    ++jobs_;
    return std::optional<Job>(j);
  }
  if (in_.bad()) return Error{path_ + ":" + std::to_string(line_) + ": read error; check the file"};
  return std::optional<Job>();
}

std::string SwfReader::describe() const {
  std::string s = "SWF " + path_;
  if (skips_.no_runtime || skips_.zero_size)
    s += " (skipped " + std::to_string(skips_.no_runtime) + " jobs that never ran, " +
         std::to_string(skips_.zero_size) + " of size 0)";
  return s;
}

}  // namespace vcb::sim
