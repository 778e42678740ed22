int fips_remote_add(int a, int b);
