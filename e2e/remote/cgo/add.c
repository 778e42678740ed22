#include "add.h"

int fips_remote_add(int a, int b) { return a + b; }
