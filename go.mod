module github.com/reportpack/reportpack

go 1.26.8
