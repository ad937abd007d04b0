// Supplies std::ios_base_library_init() (added in GCC 13's libstdc++) for older libstdc++ versions,
// where constructing one ios_base::Init does the same job: it makes sure cout/cerr are set up.
#include <ios>

namespace std {
void ios_base_library_init() { static ios_base::Init init; }
}
