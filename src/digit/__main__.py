from digit.cli import main

main()
