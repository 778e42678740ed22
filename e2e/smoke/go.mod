module example.com/fipsdemo

go 1.24
