from bulletin.bootstrap import main

main()
