// Swift's Observation runtime on Linux (Swift 5.9 to 6.1) references
// `swift::threading::fatal(const char *, ...)` without defining it, so any program linking
// it fails with "libswiftObservation.so: undefined reference to swift::threading::fatal"
// (swiftlang/swift#75670; fixed in Swift 6.2 by swiftlang/swift#85278, which defines it
// inside the library). The CognitoAuth layer uses Observation (`AuthStateModel`), so it
// supplies the handler: weak, so that a definition elsewhere (a newer runtime, another
// package with the same fix) wins without a duplicate-symbol error. Called only when the
// threading library meets a fatal error: it prints the message and aborts, as the runtime's
// own handler does. Nothing on Apple platforms, whose runtime defines it.
#if defined(__linux__)
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

__attribute__((weak, visibility("default"))) void cognito_auth_swift_threading_fatal(
    const char *format, ...) __asm__("_ZN5swift9threading5fatalEPKcz");

void cognito_auth_swift_threading_fatal(const char *format, ...) {
  va_list args;
  va_start(args, format);
  vfprintf(stderr, format, args);
  va_end(args);
  abort();
}
#endif
