/** A user of cvj: requires the module dev.cvj.cv (dev.cvj.cuda comes with it). */
module dev.cvj.consumer {
    requires dev.cvj.cv;
}
