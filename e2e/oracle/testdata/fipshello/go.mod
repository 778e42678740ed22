module example.com/fipshello

go 1.24
