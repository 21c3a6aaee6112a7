/*
 * ttyq TTY - print how many bytes typed into a terminal wait to be read
 * (its input queue). The counter-screen tests use it to wait until the
 * program has taken every key sent before they read the screen.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	int fd, n;

	if (argc != 2) {
		fprintf(stderr, "usage: ttyq TTY\n");
		return 2;
	}
	/* O_NOCTTY: never become the terminal's controlling process. */
	fd = open(argv[1], O_RDONLY | O_NOCTTY | O_NONBLOCK);
	if (fd < 0 || ioctl(fd, FIONREAD, &n) != 0) {
		perror(argv[1]);
		return 2;
	}
	close(fd);
	printf("%d\n", n);
	return 0;
}
