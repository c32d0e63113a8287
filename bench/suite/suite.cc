#include "suite/suite.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "mpi/layout.h"
#include "vcb/build_info.h"

namespace vcb {
namespace fs = std::filesystem;
namespace {

struct Settings { int samples = 11, warmup = 1; double target_ms = 20, timeout_s = 120; };

void read_settings(const toml::node_view<const toml::node>& t, Settings& s) {
  if (!t) return;
  s.samples = t["samples"].value_or(s.samples);
  s.warmup = t["warmup"].value_or(s.warmup);
  s.target_ms = t["target_ms"].value_or(s.target_ms);
  s.timeout_s = t["timeout_s"].value_or(s.timeout_s);
}

Result<nlohmann::json> scalar(const toml::node& n, const std::string& where) {
  if (auto v = n.as_integer()) return nlohmann::json(v->get());
  if (auto v = n.as_string()) return nlohmann::json(v->get());
  if (auto v = n.as_floating_point()) return nlohmann::json(v->get());
  if (auto v = n.as_boolean()) return nlohmann::json(v->get() ? 1 : 0);
  return Error{where + ": parameter values must be numbers, strings or lists of them"};
}

// {"op": ["null","read"], "size": 4} -> ordered axes of values
Result<std::vector<std::pair<std::string, std::vector<nlohmann::json>>>> read_axes(const toml::table* t,
                                                                                  const std::string& where) {
  std::vector<std::pair<std::string, std::vector<nlohmann::json>>> axes;
  if (!t) return axes;
  for (const auto& [key, node] : *t) {
    std::vector<nlohmann::json> values;
    if (const auto* arr = node.as_array()) {
      for (const auto& item : *arr) {
        auto v = scalar(item, where + " parameter " + std::string(key.str()));
        if (!v) return v.error();
        values.push_back(*v);
      }
    } else {
      auto v = scalar(node, where + " parameter " + std::string(key.str()));
      if (!v) return v.error();
      values.push_back(*v);
    }
    if (values.empty()) return Error{where + ": parameter " + std::string(key.str()) + " has no values"};
    axes.emplace_back(std::string(key.str()), values);
  }
  return axes;
}

void expand(const std::vector<std::pair<std::string, std::vector<nlohmann::json>>>& axes, size_t at,
            nlohmann::json current, const Instance& base, std::vector<Instance>& out) {
  if (at == axes.size()) {
    Instance i = base;
    i.params = current;
    out.push_back(i);
    return;
  }
  for (const auto& v : axes[at].second) {
    current[axes[at].first] = v;
    expand(axes, at + 1, current, base, out);
  }
}

// `choices = { class = ["S", "W", "A"] }`: the values a kernel accepts, checked here so that a
// wrong one is a one-line error before anything is launched (an MPI job would only fail later).
Result<int> check_choices(const toml::table* choices, const std::vector<Instance>& instances, size_t first,
                          const std::string& where) {
  if (!choices) return 0;
  for (const auto& [key, node] : *choices) {
    std::vector<nlohmann::json> values;
    const auto* list = node.as_array();
    if (!list) return Error{where + ": choices." + std::string(key.str()) + " must be a list"};
    for (const auto& item : *list) {
      auto v = scalar(item, where + " choices." + std::string(key.str()));
      if (!v) return v.error();
      values.push_back(*v);
    }
    for (size_t i = first; i < instances.size(); ++i) {
      const auto& params = instances[i].params;
      if (!params.contains(key.str()) || std::find(values.begin(), values.end(), params[key.str()]) != values.end())
        continue;
      std::string names;
      for (const auto& v : values) names += (names.empty() ? "" : ", ") + (v.is_string() ? v.get<std::string>() : v.dump());
      return Error{where + ": " + instances[i].benchmark + " " + std::string(key.str()) + "=" +
                   (params[key.str()].is_string() ? params[key.str()].get<std::string>() : params[key.str()].dump()) +
                   " is not one it accepts; choose one of " + names};
    }
  }
  return 0;
}

std::string resolve(const std::string& name_or_file) {
  if (name_or_file.ends_with(".toml") || name_or_file.find('/') != std::string::npos) return name_or_file;
  return suites_folder() + "/" + name_or_file + ".toml";
}

Result<Suite> build_suite(const toml::table& doc, const std::string& file, bool quick) {
  Suite suite{doc["name"].value_or(fs::path(file).stem().string()), doc["description"].value_or(std::string()),
              file, quick};
  Settings defaults;
  read_settings(doc["defaults"], defaults);
  if (quick) read_settings(doc["quick"], defaults);
  suite.reps = doc["defaults"]["reps"].value_or(suite.reps);
  if (quick) suite.reps = doc["quick"]["reps"].value_or(suite.reps);
  if (suite.reps < 1) return Error{file + ": reps must be at least 1"};
  const auto* benchmarks = doc["benchmark"].as_array();
  if (!benchmarks || benchmarks->empty()) return Error{file + ": no [[benchmark]] tables; a suite needs at least one"};
  for (const auto& node : *benchmarks) {
    const auto* b = node.as_table();
    const std::string name = b ? (*b)["name"].value_or(std::string()) : "";
    const std::string where = file + ":" + std::to_string(node.source().begin.line);
    if (name.empty()) return Error{where + ": every [[benchmark]] needs name = \"...\""};
    Settings s = defaults;
    read_settings(toml::node_view<const toml::node>(b), s);
    if (quick) read_settings((*b)["quick"], s);
    Instance base{suite.name, name, (*b)["program"].value_or("vcb-" + name)};
    base.reps = suite.reps;
    base.uses_dir = (*b)["uses_dir"].value_or(false);
    base.launch = (*b)["launch"].value_or(std::string("resident"));
    base.stamp_t0 = (*b)["stamp_t0"].value_or(false);
    base.on_host = (*b)["on_host"].value_or(false);
    base.mpi = (*b)["mpi"].value_or(std::string());
    if (!base.mpi.empty() && !known_rank_rule(base.mpi))
      return Error{where + ": mpi must be \"any\", \"power-of-two\", \"two\" or \"at-least-two\" (the kernel's "
                   "rank rule), not \"" + base.mpi + "\""};
    if (base.launch != "resident" && base.launch != "fresh")
      return Error{where + ": launch must be \"resident\" or \"fresh\", not \"" + base.launch + "\""};
    base.samples = s.samples;
    base.warmup = s.warmup;
    base.target_ms = s.target_ms;
    base.timeout_s = s.timeout_s;
    auto axes = read_axes((*b)["params"].as_table(), where);
    if (!axes) return axes.error();
    if (quick) {
      auto over = read_axes((*b)["quick"]["params"].as_table(), where);
      if (!over) return over.error();
      for (auto& [key, values] : *over) {
        auto it = std::find_if(axes->begin(), axes->end(), [&](auto& a) { return a.first == key; });
        if (it == axes->end()) axes->emplace_back(key, values);
        else it->second = values;
      }
    }
    const size_t first = suite.instances.size();
    expand(*axes, 0, nlohmann::json::object(), base, suite.instances);
    if (auto bad = check_choices((*b)["choices"].as_table(), suite.instances, first, where); !bad) return bad.error();
  }
  return suite;
}

}  // namespace

std::string Instance::key() const {
  std::ostringstream k;
  k << benchmark;
  for (const auto& [name, value] : params.items())
    k << ' ' << name << '=' << (value.is_string() ? value.get<std::string>() : value.dump());
  return k.str();
}

std::string suites_folder() {
  if (const char* env = std::getenv("VCBENCH_SUITES")) return env;
  return std::string(build_info::source_dir) + "/bench/suites";
}

Result<Suite> load_suite(const std::string& name_or_file, bool quick) {
  const std::string file = resolve(name_or_file);
  if (!fs::exists(file)) {
    std::string known;
    for (const auto& s : list_suites()) known += (known.empty() ? "" : ", ") + s.name;
    return Error{"unknown suite '" + name_or_file + "'; known: " + known + " (see: vcbench list suites)"};
  }
  toml::table doc;
  try {
    doc = toml::parse_file(file);
  } catch (const toml::parse_error& e) {
    return Error{file + ":" + std::to_string(e.source().begin.line) + ": malformed TOML: " +
                 std::string(e.description()) + "; fix that line"};
  }
  return build_suite(doc, file, quick);
}

Result<Suite> load_suites(const std::vector<std::string>& names_or_files, bool quick) {
  Suite all;
  all.quick = quick;
  all.reps = 0;
  for (const auto& n : names_or_files) {
    auto one = load_suite(n, quick);
    if (!one) return one.error();
    all.name += (all.name.empty() ? "" : "+") + one->name;
    all.file += (all.file.empty() ? "" : ",") + fs::absolute(one->file).string();
    all.reps = std::max(all.reps, one->reps);
    all.instances.insert(all.instances.end(), one->instances.begin(), one->instances.end());
  }
  return all;
}

std::vector<SuiteInfo> list_suites() {
  std::vector<SuiteInfo> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(suites_folder(), ec)) {
    if (entry.path().extension() != ".toml") continue;
    try {
      const auto doc = toml::parse_file(entry.path().string());
      out.push_back({doc["name"].value_or(entry.path().stem().string()),
                     doc["description"].value_or(std::string()), entry.path().string()});
    } catch (const toml::parse_error& e) {
      out.push_back({entry.path().stem().string(), "(malformed: " + std::string(e.description()) + ")",
                     entry.path().string()});
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

}  // namespace vcb
