#include "neurite/version.hpp"

#include <gtest/gtest.h>

#include <string>

#include "neurite/kernels/backend.hpp"

namespace neurite {

TEST(Version, LibraryMatchesHeaders) {
    EXPECT_STREQ(version(), NEURITE_VERSION_STRING);
    const std::string expected = std::to_string(NEURITE_VERSION_MAJOR) + "." + std::to_string(NEURITE_VERSION_MINOR) +
                                 "." + std::to_string(NEURITE_VERSION_PATCH);
    EXPECT_EQ(expected, NEURITE_VERSION_STRING);
    EXPECT_EQ(NEURITE_VERSION, NEURITE_VERSION_MAJOR * 10000 + NEURITE_VERSION_MINOR * 100 + NEURITE_VERSION_PATCH);
}

TEST(Version, BackendInfoNamesTheBackendAndItsVersion) {
    const std::string info = gemm_backend_info();
    if (have_onednn()) {
        EXPECT_EQ(info.rfind("oneDNN ", 0), 0u) << info;
        EXPECT_NE(info.find('('), std::string::npos) << "no ISA in: " << info;
    } else {
        EXPECT_EQ(info.rfind("portable kernels", 0), 0u) << info;
    }
}

TEST(Version, CpuFeaturesSayWhatWasCompiledForAndWhatTheCpuHas) {
    const std::string info = cpu_features_info();
    EXPECT_EQ(info.rfind("compiled for ", 0), 0u) << info;
#if defined(__x86_64__)
    EXPECT_NE(info.find("; this CPU has "), std::string::npos) << info;
#endif
#ifdef __AVX2__
    EXPECT_NE(info.find("avx2"), std::string::npos) << info;
#endif
}

}  // namespace neurite
