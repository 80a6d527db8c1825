desk request decide U10001 2 decline --reason performance_management
