module example.com/testsfixture

go 1.26
