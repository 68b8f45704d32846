from hemakg.cli import main

main()
