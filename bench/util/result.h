#pragma once
// Errors are values: a message a user can act on, and the exit code it maps to.
#include <string>
#include <utility>
#include <variant>

namespace vcb {

struct Error {
  std::string message;  // one line, naming the fix
  int exit_code = 2;    // 2 = bad input (the CLI's contract)
};

template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error e) : v_(std::move(e)) {}
  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<T>(v_); }
  const T& value() const { return std::get<T>(v_); }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }
  const Error& error() const { return std::get<Error>(v_); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace vcb
